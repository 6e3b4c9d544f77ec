"""SPEC §6.1: the store file holds personal data. init makes it 0600 and new folders 0700
whatever the umask, and never takes over a file or folder somebody else could change; check
names a file others may read or write."""
import os
import stat

from acctctl_case import AcctctlCase, SUPPORT


def mode(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


class StoreFile(AcctctlCase):
    def init_at(self, path, code=0):
        return self.expect(code, "--db", path, "init", "--support-email", SUPPORT, actor=None)

    def test_new_files_and_folders_are_private_under_any_umask(self):
        for umask in (0o000, 0o022, 0o002):
            old = os.umask(umask)
            try:
                path = os.path.join(self.dir, f"u{umask:o}", "deep", "acctctl.db")
                self.init_at(path)
            finally:
                os.umask(old)
            self.assertEqual([mode(path), mode(os.path.dirname(path)),
                              mode(os.path.dirname(os.path.dirname(path)))],
                             [0o600, 0o700, 0o700], f"umask {umask:o}")

    def test_a_symbolic_link_is_not_followed(self):
        real = os.path.join(self.dir, "real.db")
        link = os.path.join(self.dir, "link.db")
        os.symlink(real, link)
        r = self.init_at(link, 1)
        self.assertIn("symbolic link", r.err)
        self.assertFalse(os.path.exists(real), "init created the link's target")

    def test_a_file_others_may_write_is_not_adopted(self):
        path = os.path.join(self.dir, "planted.db")
        open(path, "w").close()
        os.chmod(path, 0o666)  # made first by somebody who wants to read what follows
        r = self.init_at(path, 1)
        self.assertIn("writable by others (mode 0666)", r.err)
        self.assertEqual(os.path.getsize(path), 0)

    def test_a_file_of_another_user_is_not_adopted(self):
        if os.geteuid() == 0:
            path = os.path.join(self.dir, "theirs.db")
            open(path, "w").close()
            os.chmod(path, 0o600)
            os.chown(path, 65534, 65534)  # nobody
            expected = "belongs to nobody"
        else:
            path, expected = "/etc/hostname", "belongs to root"
        r = self.init_at(path, 1)
        self.assertIn(expected, r.err)

    def test_a_folder_others_may_write_is_refused_unless_sticky(self):
        folder = os.path.join(self.dir, "shared")
        os.mkdir(folder)
        os.chmod(folder, 0o777)
        r = self.init_at(os.path.join(folder, "acctctl.db"), 1)
        self.assertIn("writable by others", r.err)
        self.assertEqual(os.listdir(folder), [])
        os.chmod(folder, 0o1777)  # as /tmp: nobody else may replace the file
        self.init_at(os.path.join(folder, "acctctl.db"))

    def test_check_names_a_file_others_may_read_or_write(self):
        self.world()
        self.assertEqual(self.ok("check").code, 0)
        os.chmod(self.db, 0o644)
        r = self.expect(1, "check")
        self.assertIn(f"file mode: {self.db} is readable by every user (mode 0644): chmod 600", r.err)
        self.assertNotIn("restore it from a backup", r.err)  # the data is sound
        os.chmod(self.db, 0o620)
        self.assertIn("writable by others (mode 0620)", self.expect(1, "check").err)
        os.chmod(self.db, 0o640)  # a group that shares the store for reading is a choice
        self.ok("check")
