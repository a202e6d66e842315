#!/bin/sh
# Installs Outpost from this tree on a Linux gateway that is not Debian (the .deb does the same with
# dpkg): the files of SPEC §7, the outpost system user (added to dialout and gpio where those groups
# exist), /var/lib/outpost, this Java's AppCDS archive, and the systemd unit, enabled and started
# (restarted when it ran). Needs root, a Java 17+ runtime, useradd, and systemd for the unit.
#   ./install.sh                   install, or upgrade an installed tree; a changed
#                                  /etc/outpost/outpost.yaml is kept (the new default goes beside it)
#   ./install.sh --uninstall       stop, disable and remove the files; config and data stay
#   ./install.sh --purge           the same, and delete /etc/outpost and /var/lib/outpost
# The unit goes to /etc/systemd/system, the administrator's unit folder on every systemd system
# (the package's /lib/systemd/system is the distribution's).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
unit=/etc/systemd/system/outpost.service

[ "$(id -u)" = 0 ] || { echo "install.sh: run as root (sudo $0)" >&2; exit 1; }

booted() {
    [ -d /run/systemd/system ]
}

uninstall() {
    if booted; then
        systemctl stop outpost.service 2>/dev/null || true
    fi
    if command -v systemctl >/dev/null 2>&1; then
        systemctl disable outpost.service 2>/dev/null || true
    fi
    rm -f "$unit" /usr/bin/outpost
    rm -rf /usr/lib/outpost /usr/share/outpost /usr/share/doc/outpost
    if booted; then
        systemctl daemon-reload
    fi
}

case "${1:-}" in
    --uninstall)
        uninstall
        echo "install.sh: removed; /etc/outpost and /var/lib/outpost stay (--purge deletes them)"
        exit 0
        ;;
    --purge)
        uninstall
        rm -rf /etc/outpost /var/lib/outpost
        echo "install.sh: removed, with /etc/outpost and /var/lib/outpost"
        exit 0
        ;;
    "") ;;
    *)
        echo "usage: $0 [--uninstall | --purge]" >&2
        exit 2
        ;;
esac

command -v useradd >/dev/null 2>&1 || { echo "install.sh: useradd is missing (the shadow tools)" >&2; exit 1; }
if ! getent passwd outpost >/dev/null; then
    nologin=$(command -v nologin || echo /bin/false)
    useradd --system --user-group --home-dir /var/lib/outpost --no-create-home --shell "$nologin" outpost
fi
for group in dialout gpio; do
    if getent group "$group" >/dev/null; then
        usermod -a -G "$group" outpost
    fi
done

rm -rf /usr/lib/outpost.new
cp -R "$here/usr/lib/outpost" /usr/lib/outpost.new
rm -rf /usr/lib/outpost
mv /usr/lib/outpost.new /usr/lib/outpost
rm -rf /usr/share/outpost /usr/share/doc/outpost
mkdir -p /usr/share/doc
cp -R "$here/usr/share/outpost" /usr/share/outpost
cp -R "$here/usr/share/doc/outpost" /usr/share/doc/outpost
ln -sfn ../lib/outpost/bin/outpost /usr/bin/outpost

mkdir -p /etc/outpost
if [ ! -e /etc/outpost/outpost.yaml ]; then
    cp "$here/etc/outpost/outpost.yaml" /etc/outpost/outpost.yaml
elif ! cmp -s "$here/etc/outpost/outpost.yaml" /etc/outpost/outpost.yaml; then
    cp "$here/etc/outpost/outpost.yaml" /etc/outpost/outpost.yaml.new
    echo "install.sh: /etc/outpost/outpost.yaml kept; this release's default is /etc/outpost/outpost.yaml.new"
fi
chmod 0755 /etc/outpost
chmod 0644 /etc/outpost/outpost.yaml

mkdir -p /var/lib/outpost
chown outpost:outpost /var/lib/outpost
chmod 0750 /var/lib/outpost

if ! out=$(OUTPOST_CDS_DUMP=yes /usr/lib/outpost/bin/outpost 2>&1); then
    echo "install.sh: no AppCDS archive for this Java ($(echo "$out" | tail -n 1)); the daemon starts without it" >&2
fi

if command -v systemctl >/dev/null 2>&1; then
    cp "$here/lib/systemd/system/outpost.service" "$unit"
    chmod 0644 "$unit"
    systemctl enable outpost.service 2>/dev/null || systemctl --root=/ enable outpost.service
    if booted; then
        systemctl daemon-reload
        systemctl restart outpost.service
        echo "install.sh: installed; outpost is running (systemctl status outpost, outpost status)"
    else
        echo "install.sh: installed; the unit is enabled and starts at the next boot"
    fi
else
    echo "install.sh: installed; no systemd here: run it with /usr/bin/outpost run as user outpost" >&2
fi
