/*
 * liboutpost-notify: sd_notify(3) for the JVM, nothing else (io.outpost.ops.NativeNotify).
 *
 * JDK 17 cannot do this itself: DatagramChannel refuses StandardProtocolFamily.UNIX, and
 * UnixDomainSocketAddress has no abstract namespace, which $NOTIFY_SOCKET may name ("@...").
 * libsystemd is not used: linked against libc alone, the library cross-builds for arm64 with
 * gcc-aarch64-linux-gnu and no arm64 sysroot, and runs on any glibc system.
 *
 * No credentials are attached: as for sd_notify() itself, the kernel stamps the sender's pid, uid
 * and gid on each datagram for a receiver that set SO_PASSCRED, which systemd does; NotifyAccess=main
 * then compares that pid with the service's main pid (the JVM's: the launcher execs it).
 */
#define _GNU_SOURCE /* the GNU strerror_r, which returns the message */
#include <jni.h>

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* A notification is a few short KEY=value lines; anything longer is a caller's bug. */
#define MAX_MESSAGE 4096

static int send_datagram(const char *address, size_t address_length, const char *message, size_t message_length)
{
    struct sockaddr_un peer;
    if (address_length == 0 || address_length >= sizeof peer.sun_path)
        return EINVAL;
    memset(&peer, 0, sizeof peer);
    peer.sun_family = AF_UNIX;
    memcpy(peer.sun_path, address, address_length);
    socklen_t peer_length = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + address_length);
    if (peer.sun_path[0] == '@')
        peer.sun_path[0] = '\0'; /* abstract namespace: the name is exactly the bytes given, no NUL */
    else
        peer_length++; /* a path: count its terminating NUL, as systemd's own sender does */

    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return errno;
    struct iovec part = { .iov_base = (void *) message, .iov_len = message_length };
    struct msghdr header = { .msg_name = &peer, .msg_namelen = peer_length, .msg_iov = &part, .msg_iovlen = 1 };
    ssize_t sent = sendmsg(fd, &header, MSG_NOSIGNAL);
    int error = sent < 0 ? errno : ((size_t) sent != message_length ? EMSGSIZE : 0);
    close(fd);
    return error;
}

JNIEXPORT jint JNICALL Java_io_outpost_ops_NativeNotify_send0(JNIEnv *env, jclass type, jbyteArray address, jbyteArray message)
{
    (void) type;
    char peer[sizeof ((struct sockaddr_un *) 0)->sun_path];
    char text[MAX_MESSAGE];
    jsize peer_length = (*env)->GetArrayLength(env, address);
    jsize text_length = (*env)->GetArrayLength(env, message);
    if (peer_length <= 0 || (size_t) peer_length >= sizeof peer)
        return EINVAL;
    if (text_length <= 0 || text_length > MAX_MESSAGE)
        return EMSGSIZE;
    (*env)->GetByteArrayRegion(env, address, 0, peer_length, (jbyte *) peer);
    (*env)->GetByteArrayRegion(env, message, 0, text_length, (jbyte *) text);
    return send_datagram(peer, (size_t) peer_length, text, (size_t) text_length);
}

JNIEXPORT jstring JNICALL Java_io_outpost_ops_NativeNotify_describe0(JNIEnv *env, jclass type, jint error)
{
    (void) type;
    char buffer[256];
    const char *text = strerror_r((int) error, buffer, sizeof buffer);
    return (*env)->NewStringUTF(env, text);
}
