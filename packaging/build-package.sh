#!/bin/sh
# The .deb and the .tar.gz of each architecture, from the release tree the Maven build made for it
# (target/pkg/<arch>/release: bin/, lib/ with jars stripped of natives, lib/native/ with that
# architecture's). Run by `mvn -Pdeb package`; the file layout is SPEC §7's (packaging/README.md).
#   packaging/build-package.sh MAVEN_VERSION PKG_DIR OUT_DIR ARCH...
set -eu
command -v patchelf >/dev/null || { echo "build-package.sh: patchelf is missing: apt-get install -y patchelf (README.md)" >&2; exit 1; }
command -v dpkg-deb >/dev/null || { echo "build-package.sh: dpkg-deb is missing: build the packages on Debian" >&2; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
mvn_version=$1
pkg=$2
out=$3
shift 3

# Debian orders 0.1.0~SNAPSHOT before 0.1.0: a snapshot upgrades to its release.
version=$(echo "$mvn_version" | sed 's/-SNAPSHOT$/~SNAPSHOT/; s/-/~/g')
# Every file gets the commit's time: a package built twice from one commit lists the same files alike.
epoch=$(git -C "$repo" log -1 --format=%ct 2>/dev/null || date +%s)
first=$(git -C "$repo" log --reverse --format=%cd --date=format:%Y 2>/dev/null | head -n 1)
last=$(date -u -d "@$epoch" +%Y)
years=${first:-$last}
[ "$years" = "$last" ] || years=$years-$last

# The glibc and libstdc++ the natives need, read from their ELF version needs (readelf reads any
# architecture's). Bookworm's libstdc++6 is GCC 12's (GLIBCXX_3.4.30): a native needing more could
# not run there, so that fails the build rather than the install.
native_depends() {
    needs=$(find "$1" -name '*.so' -exec readelf --version-info --wide {} + | sed -n 's/.*Name: \(GLIBC[A-Z]*_[0-9.]*\).*/\1/p' | sort -u)
    glibc=$(echo "$needs" | sed -n 's/^GLIBC_//p' | sort -V | tail -n 1)
    cxx=$(echo "$needs" | sed -n 's/^GLIBCXX_//p' | sort -V | tail -n 1)
    if [ -n "$cxx" ] && [ "$(printf '%s\n' "$cxx" 3.4.30 | sort -V | tail -n 1)" != 3.4.30 ]; then
        echo "build-package.sh: a native needs GLIBCXX_$cxx, newer than bookworm's libstdc++6" >&2
        exit 1
    fi
    echo "libc6 (>= $glibc), libgcc-s1, libstdc++6"
}

stage() {
    arch=$1
    root=$pkg/$arch/root
    rm -rf "$root"
    mkdir -p "$root/usr/bin" "$root/usr/lib" "$root/usr/share/outpost/conf/examples" "$root/usr/share/outpost/models" \
        "$root/usr/share/doc/outpost" "$root/etc/outpost" "$root/lib/systemd/system"
    cp -R "$pkg/$arch/release" "$root/usr/lib/outpost"
    # Debian ships shared objects without symbols (lintian: unstripped-binary-or-object); Pi4J's are not.
    case $arch in
        arm64) strip=aarch64-linux-gnu-strip ;;
        *) strip=x86_64-linux-gnu-strip ;;
    esac
    $strip --remove-section=.comment --remove-section=.note --strip-unneeded "$root"/usr/lib/outpost/lib/native/*.so
    # ONNX Runtime's JNI library keeps the RUNPATH of its build machine (/build/Release): a folder the
    # loader would search on a gateway, were it there. It needs none (libonnxruntime.so is loaded first).
    for library in "$root"/usr/lib/outpost/lib/native/*.so; do
        if readelf --dynamic "$library" | grep -q '(RUNPATH)\|(RPATH)'; then
            patchelf --remove-rpath "$library"
        fi
    done
    ln -s ../lib/outpost/bin/outpost "$root/usr/bin/outpost"
    cp "$repo/conf/outpost.yaml" "$root/etc/outpost/outpost.yaml"
    cp "$repo"/conf/examples/*.yaml "$root/usr/share/outpost/conf/examples/"
    cp "$repo"/conf/models/*.onnx "$repo/conf/models/README.md" "$root/usr/share/outpost/models/"
    cp "$repo/systemd/outpost.service" "$root/lib/systemd/system/outpost.service"
    cp "$repo/README.md" "$root/usr/share/doc/outpost/README.md"
    cp "$here/README.md" "$root/usr/share/doc/outpost/packaging.md"
    sed "s/@YEARS@/$years/" "$here/deb/copyright" > "$root/usr/share/doc/outpost/copyright"
    {
        echo "Bundled Java libraries (/usr/lib/outpost/lib), each under its own licence as stated in its jar and"
        echo "its Maven POM:"
        echo
        (cd "$root/usr/lib/outpost/lib" && ls ./*.jar | sed 's|^\./|  |; s|\.jar$||' | grep -v '^  outpost$')
    } >> "$root/usr/share/doc/outpost/copyright"
    printf 'outpost (%s) unstable; urgency=medium\n\n  * Release %s, built from the Maven project %s.\n\n -- %s  %s\n' \
        "$version" "$version" "$mvn_version" "$(sed -n 's/^Maintainer: //p' "$here/deb/control")" \
        "$(LC_ALL=C date -u -d "@$epoch" '+%a, %d %b %Y %H:%M:%S +0000')" | gzip -9n > "$root/usr/share/doc/outpost/changelog.gz"

    find "$root" -type d -exec chmod 0755 {} +
    find "$root" -type f -exec chmod 0644 {} +
    chmod 0755 "$root/usr/lib/outpost/bin/outpost"
    find "$root" -exec touch -h -d "@$epoch" {} +
}

deb() {
    arch=$1
    root=$pkg/$arch/root
    control=$pkg/$arch/control
    rm -rf "$control"
    mkdir -p "$control"
    sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" \
        -e "s/@INSTALLED_SIZE@/$(du -sk --apparent-size "$root" | cut -f1)/" \
        -e "s/@NATIVE_DEPENDS@/$(native_depends "$root")/" "$here/deb/control" > "$control/control"
    (cd "$root" && find etc -type f | sed 's|^|/|' | sort) > "$control/conffiles"
    # conffiles are not in md5sums: dpkg keeps their checksums apart.
    (cd "$root" && find . -type f ! -path './etc/*' | sed 's|^\./||' | LC_ALL=C sort | xargs md5sum) > "$control/md5sums"
    cp "$here/deb/postinst" "$here/deb/prerm" "$here/deb/postrm" "$here/deb/triggers" "$control/"
    chmod 0644 "$control/control" "$control/conffiles" "$control/md5sums" "$control/triggers"
    chmod 0755 "$control/postinst" "$control/prerm" "$control/postrm"
    rm -rf "$root/DEBIAN"
    cp -R "$control" "$root/DEBIAN"
    file=$out/outpost_${version}_${arch}.deb
    SOURCE_DATE_EPOCH=$epoch dpkg-deb --root-owner-group -Zxz --build "$root" "$file" >/dev/null
    rm -rf "$root/DEBIAN"
    echo "build-package.sh: $file ($(du -k "$file" | cut -f1) KB)"
}

tarball() {
    arch=$1
    name=outpost-$mvn_version-linux-$arch
    tree=$pkg/$arch/$name
    rm -rf "$tree"
    cp -R "$pkg/$arch/root" "$tree"
    cp "$here/install.sh" "$tree/install.sh"
    chmod 0755 "$tree/install.sh"
    touch -d "@$epoch" "$tree/install.sh" "$tree"
    file=$out/$name.tar.gz
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" -C "$pkg/$arch" -cf - "$name" | gzip -6n > "$file"
    echo "build-package.sh: $file ($(du -k "$file" | cut -f1) KB)"
}

for arch; do
    stage "$arch"
    deb "$arch"
    tarball "$arch"
done
