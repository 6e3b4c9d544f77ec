"""Staff, access, documents and audit listings end to end, and the JSON keys of SPEC.md §4."""
import hashlib
import json

from acctctl_case import AcctctlCase, ADMIN, MEMBER, SUPPORT

CLIENT_KEYS = ["id", "practice", "name", "contact_email", "professional", "owner",
               "alert_recipient", "active_users", "deactivated_users", "documents", "created_at",
               "pending_users"]
DOCUMENT_KEYS = ["id", "client_id", "client", "title", "submitted_by_id", "submitted_by",
                 "submitted_at"]
AUDIT_KEYS = ["id", "at", "actor", "action", "client_id", "client", "user_id", "user", "detail",
              "connected_as", "batch", "hash"]
ROLE_KEYS = ["role", "permissions"]
CANONICAL_KEYS = ["id", "at", "actor", "action", "client_id", "user_id", "detail", "connected_as",
                  "batch"]


def rechain(events):
    """SPEC §4.1's hashes, computed again for events whose history a test rewrote."""
    heads = {}
    for event in sorted(events, key=lambda e: e["id"]):
        canonical = json.dumps({k: event[k] for k in CANONICAL_KEYS}, separators=(",", ":"),
                               ensure_ascii=False)
        previous = heads.get(event["client_id"], "0" * 64)
        event["hash"] = hashlib.sha256((previous + canonical).encode()).hexdigest()
        heads[event["client_id"]] = event["hash"]


class Directory(AcctctlCase):
    def setUp(self):
        super().setUp()
        self.world()

    def test_staff_list_shows_every_staff_to_support_and_a_practice_to_its_own(self):
        self.ok("practices", "add", "Other Books")
        self.ok("staff", "add", "--practice", "Other Books", "--email", "olga@other.test",
                "--name", "Olga")
        everyone = {s["email"]: s for s in self.js("staff", "list")}
        self.assertEqual(set(everyone), {SUPPORT, ADMIN, MEMBER, "olga@other.test"})
        self.assertEqual(everyone[ADMIN]["role"], "admin")
        self.assertEqual(everyone[ADMIN]["practice"], "Ledger & Co")
        self.assertIsNone(everyone[SUPPORT]["practice"])
        own = [s["email"] for s in self.js("staff", "list", actor=MEMBER)]
        self.assertEqual(sorted(own), [ADMIN, MEMBER])  # their practice only: no Olga, no support
        only = [s["email"] for s in self.js("staff", "list", "--practice", "Other Books")]
        self.assertEqual(only, ["olga@other.test"])

    def test_staff_add_support_is_for_support_only(self):
        self.ok("staff", "add", "--support", "--email", "sam@vendor.test", "--name", "Sam")
        sam = [s for s in self.js("staff", "list") if s["email"] == "sam@vendor.test"]
        self.assertEqual(sam[0]["role"], "support")
        self.assertIsNone(sam[0]["practice"])
        # Sam is support now: Sam sees a client of any practice without a grant.
        self.assertEqual(len(self.js("users", "list", "--client", "Birch LLC", actor="sam@vendor.test")), 1)
        r = self.expect(5, "staff", "add", "--support", "--email", "eve@vendor.test", "--name",
                        "Eve", actor=ADMIN)
        self.assertNotIn("eve@vendor.test", r.out)
        self.assertNotIn("eve@vendor.test", [s["email"] for s in self.js("staff", "list")])
        self.expect(2, "staff", "add", "--support", "--practice", "Ledger & Co", "--email",
                    "x@vendor.test", "--name", "X")
        self.expect(4, "staff", "add", "--support", "--email", "SAM@vendor.test", "--name", "Twin")

    def test_access_list_shows_grants_and_follows_grant_and_revoke(self):
        grants = self.js("access", "list")
        self.assertEqual([(g["staff"], g["client"]) for g in grants], [(MEMBER, "Acme Ltd")])
        self.assertEqual(list(grants[0]), ["staff_id", "staff", "client_id", "client", "granted_at",
                                         "until"])
        self.ok("access", "grant", MEMBER, "Birch LLC")
        mine = self.js("access", "list", MEMBER)
        self.assertEqual(sorted(g["client"] for g in mine), ["Acme Ltd", "Birch LLC"])
        self.ok("access", "revoke", MEMBER, "Acme Ltd")
        self.assertEqual([g["client"] for g in self.js("access", "list", MEMBER)], ["Birch LLC"])
        self.assertEqual(self.js("access", "list", ADMIN), [])

    def test_documents_list_user_shows_only_theirs_and_they_stay_after_removal(self):
        self.ok("documents", "add", "--client", "Acme Ltd", "--user", "ann@acme.test", "--title", "VAT Q3")
        self.ok("documents", "add", "--client", "Acme Ltd", "--user", "ben", "--title", "Payroll")
        self.ok("documents", "add", "--client", "Acme Ltd", "--user", "3", "--title", "Receipts")  # Dora: no login, by id
        ben = self.js("documents", "list", "--client", "Acme Ltd", "--user", "ben")
        self.assertEqual([d["title"] for d in ben], ["Payroll"])
        self.assertEqual(list(ben[0]), DOCUMENT_KEYS)
        self.assertEqual(ben[0]["submitted_by"], "Ben Baker")
        self.assertEqual(len(self.js("documents", "list", "--client", "Acme Ltd")), 3)
        self.ok("users", "remove", "--client", "Acme Ltd", "ben", "--yes")
        payroll = [d for d in self.js("documents", "list", "--client", "Acme Ltd")
                   if d["title"] == "Payroll"][0]
        self.assertIsNone(payroll["submitted_by_id"])  # R6: the document stays, with the name
        self.assertEqual(payroll["submitted_by"], "Ben Baker")
        self.expect(3, "documents", "list", "--client", "Acme Ltd", "--user", "ben")

    def test_users_list_role_filters_by_role(self):
        self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--role", "viewer")
        viewers = self.js("users", "list", "--client", "Acme Ltd", "--role", "viewer")
        self.assertEqual([u["name"] for u in viewers], ["Ben Baker"])
        standard = self.js("users", "list", "--client", "Acme Ltd", "--role", "standard")
        self.assertEqual(sorted(u["name"] for u in standard), ["Ann Able", "Dora Docs"])
        self.assertEqual(self.js("users", "list", "--client", "Acme Ltd", "--role", "admin"), [])
        self.expect(2, "users", "list", "--client", "Acme Ltd", "--role", "boss")

    def since(self, old_at, new_at):
        """Rewrites the store's audit times: the first half `old_at`, the rest `new_at`."""
        snapshot = json.loads(self.ok("export").out)
        half = len(snapshot["audit"]) // 2
        for i, event in enumerate(snapshot["audit"]):
            event["at"] = old_at if i < half else new_at
        rechain(snapshot["audit"])  # import refuses a history changed without its chains
        self.ok("import", "-", "--yes", stdin=json.dumps(snapshot))
        return half

    def test_audit_list_since_and_user(self):
        half = self.since("2026-01-01T08:00:00Z", "2026-06-01T08:00:00Z")
        everything = self.js("audit", "list", "--limit", "0")
        recent = self.js("audit", "list", "--since", "2026-03-01", "--limit", "0")
        self.assertEqual(len(everything) - len(recent), half)
        self.assertTrue(all(e["at"] >= "2026-03-01" for e in recent))
        self.assertEqual(len(self.js("audit", "list", "--since", "2026-06-01T08:00:00Z",
                                     "--limit", "0")), len(recent))  # at or after
        self.assertEqual(len(self.js("audit", "list", "--since", "2026-06-01T10:00:00+02:00",
                                     "--limit", "0")), len(recent))  # an offset is converted
        self.expect(2, "audit", "list", "--since", "last tuesday")
        self.ok("users", "edit", "ben", "--client", "Acme Ltd", "--name", "Ben B. Baker")
        ben = self.js("audit", "list", "--user", "ben", "--client", "Acme Ltd")
        self.assertEqual([e["action"] for e in ben], ["user.edit", "user.add"])  # newest first
        self.assertTrue(all(e["user"] in ("Ben Baker", "Ben B. Baker") for e in ben))

    def test_json_keys_of_client_document_role_and_audit_objects(self):
        self.ok("documents", "add", "--client", "Acme Ltd", "--user", "ann@acme.test", "--title", "VAT")
        client = self.js("clients", "show", "Acme Ltd")
        self.assertEqual(list(client), CLIENT_KEYS)
        self.assertEqual((client["owner"], client["active_users"], client["documents"]),
                         ("Ann Able", 3, 1))
        self.assertEqual([list(c) for c in self.js("clients", "list")], [CLIENT_KEYS] * 2)
        self.assertEqual(list(self.js("documents", "list", "--client", "Acme Ltd")[0]),
                         DOCUMENT_KEYS)
        roles = self.js("users", "roles")
        self.assertEqual([r["role"] for r in roles], ["admin", "standard", "submitter", "viewer"])
        self.assertTrue(all(list(r) == ROLE_KEYS for r in roles))
        events = self.js("audit", "list", "--limit", "0")
        self.assertTrue(all(list(e) == AUDIT_KEYS for e in events), events[0])
        self.assertEqual(events[0]["action"], "document.add")
        self.assertEqual(events[0]["actor"], SUPPORT)
        self.assertEqual(self.ok("audit", "list", "--headers", "-o", "tsv").out.split("\n")[0],
                         "\t".join(k for k in AUDIT_KEYS if k != "detail"))  # an object: JSON only
