#!/usr/bin/env python3
"""Seeds a realistic public status page into an IncidentCenter SQLite file (for the status benchmarks):
8 public components in 2 groups plus 2 hidden ones, one active incident with 4 updates (one of them a
correction), and 12 resolved incidents spread over the last 90 days with their component changes."""
import sqlite3
import sys
from datetime import datetime, timedelta, timezone

db = sqlite3.connect(sys.argv[1], timeout=30)
now = datetime.now(timezone.utc).replace(tzinfo=None)


def stamp(t):
    return t.strftime("%Y-%m-%d %H:%M:%S.%f")


cur = db.cursor()
services = []
names = [("API", "Platform"), ("Web app", "Platform"), ("Mobile push", "Platform"), ("Webhooks", "Platform"),
         ("Checkout", "Payments"), ("Invoices", "Payments"), ("Payouts", "Payments"), ("Status emails", None),
         ("Internal billing batch", None), ("Data warehouse", None)]
for i, (name, group) in enumerate(names):
    cur.execute('INSERT INTO Services (Name, Description, CreatedAt) VALUES (?, ?, ?)',
                (f"bench-{name}-{now.timestamp()}", "internal description", stamp(now - timedelta(days=200))))
    sid = cur.lastrowid
    services.append(sid)
    cur.execute('INSERT INTO StatusComponents (ServiceId, PublicName, GroupName, IsPublic, SortOrder, Status, StatusChangedAt, Version) '
                'VALUES (?, ?, ?, ?, ?, 0, ?, 0)', (sid, name, group, 1 if i < 8 else 0, i, stamp(now - timedelta(days=200))))


def incident(title, started, updates, resolved, service, status):
    cur.execute('INSERT INTO Incidents (Title, Description, Severity, State, IsOpen, DetectedAt, DeclaredAt, StateChangedAt, ResolvedAt, '
                'ClosedAt, DeclaredById, CommanderId, CommanderName, Version) VALUES (?, ?, 2, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 0)',
                ("internal " + title, "internal notes", 4 if resolved else 1, 0 if resolved else 1, stamp(started), stamp(started),
                 stamp(started), stamp(started + timedelta(hours=2)) if resolved else None, "bench", "bench", "Bench Commander"))
    iid = cur.lastrowid
    last = updates[-1]
    cur.execute('INSERT INTO PublicIncidents (IncidentId, Title, Stage, Impact, StartedAt, ResolvedAt, NextUpdateBy, LastPublishedAt, Version) '
                'VALUES (?, ?, ?, 2, ?, ?, ?, ?, 0)',
                (iid, title, last[0], stamp(started), stamp(started + last[1]) if resolved else None,
                 None if resolved else stamp(now + timedelta(minutes=30)), stamp(started + last[1])))
    cur.execute('INSERT INTO PublicIncidentComponents (IncidentId, ServiceId) VALUES (?, ?)', (iid, service))
    ids = []
    for stage, offset, body, correction in updates:
        at = started + offset
        cur.execute('INSERT INTO StatusUpdates (IncidentId, Stage, Impact, Body, PublishedAt, EffectiveAt, NextUpdateBy, PublishedById, '
                    'PublishedByName, MovedBack, CorrectionOfId, SupersededAt) VALUES (?, ?, 2, ?, ?, ?, ?, ?, ?, 0, ?, NULL)',
                    (iid, stage, body, stamp(at), stamp(at), None if stage == 4 else stamp(at + timedelta(minutes=30)), "bench", "Bench Publisher",
                     ids[correction] if correction is not None else None))
        uid = cur.lastrowid
        if correction is not None:
            cur.execute('UPDATE StatusUpdates SET SupersededAt = ? WHERE Id = ?', (stamp(at), ids[correction]))
        ids.append(uid)
        new_status = 0 if stage == 4 else status
        cur.execute('INSERT INTO StatusUpdateComponents (StatusUpdateId, ServiceId, Status) VALUES (?, ?, ?)', (uid, service, new_status))
    cur.execute('INSERT INTO StatusComponentChanges (ServiceId, "From", "To", At, IncidentId) VALUES (?, 0, ?, ?, ?)', (service, status, stamp(started), iid))
    if resolved:
        cur.execute('INSERT INTO StatusComponentChanges (ServiceId, "From", "To", At, IncidentId) VALUES (?, ?, 0, ?, ?)',
                    (service, status, stamp(started + last[1]), iid))
    else:
        cur.execute('UPDATE StatusComponents SET Status = ?, StatusChangedAt = ? WHERE ServiceId = ?', (status, stamp(started), service))
    return iid


body = ("We are investigating elevated error rates for **checkout**. Some payments fail with a timeout; retrying usually works. "
        "We will post the next update within 30 minutes.")
for n in range(12):
    started = now - timedelta(days=85 - n * 7, hours=3)
    incident(f"Elevated errors on component {n % 8}", started,
             [(1, timedelta(0), body, None), (2, timedelta(minutes=40), body, None), (4, timedelta(hours=2), "Resolved. " + body, None)],
             True, services[n % 8], 2 + n % 2)
active = incident("Checkout payments time out", now - timedelta(hours=1),
         [(1, timedelta(0), body, None), (2, timedelta(minutes=20), "Cause found: a databse failover.", None),
          (2, timedelta(minutes=25), "Cause found: a database failover.", 1), (3, timedelta(minutes=50), "Fix deployed; watching. " + body, None)],
         False, services[4], 2)
db.commit()
print("seeded", len(services), "components and 13 incidents into", sys.argv[1])
print("active incident:", active)
