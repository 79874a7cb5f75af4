using IncidentCenter.Data;
using IncidentCenter.Incidents;
using Microsoft.EntityFrameworkCore;

namespace IncidentCenter.Playbooks;

/// <summary>
/// The checklists and runbooks a new installation starts with, written for this product from the
/// incident-response guides it follows (investigate, verify the fix, the common kinds of incident).
/// </summary>
public static class DefaultPlaybooks
{
    public const string SeededBy = "IncidentCenter";

    public const string Investigation = "Investigation";
    public const string MajorIncident = "Major incident coordination";
    public const string ResolutionVerification = "Resolution verification";

    private static readonly Severity[] AllSeverities = [Severity.Sev1, Severity.Sev2, Severity.Sev3, Severity.Sev4];

    public static readonly IReadOnlyList<(string Name, string Description, Severity[] Severities, string[] Items)> Checklists =
    [
        (Investigation, "First look at what changed and where it hurts.", AllSeverities,
        [
            "Look at deployments and releases from the last few hours",
            "Read the error logs of the affected services",
            "Compare dashboards and metrics with a normal day",
            "Check the status of dependencies and outside providers",
            "Look for configuration or infrastructure changes",
            "Write what you found in the timeline",
        ]),
        (MajorIncident, "For SEV1 and SEV2: people, communication and a rhythm of updates.", [Severity.Sev1, Severity.Sev2],
        [
            "Confirm who is Incident Commander and name a Communications Lead",
            "Pull in the owning team and whoever else is needed",
            "Post the first status page update",
            "Tell stakeholders what is affected and when they will hear next",
            "Agree when the next update is due, and keep to it",
        ]),
        (ResolutionVerification, "Before calling it resolved, make sure it really is.", AllSeverities,
        [
            "Error rates are back to their usual level",
            "Response times are acceptable again",
            "Health checks pass",
            "New user reports have stopped",
            "Monitoring shows green and no new alerts fired",
            "The main user journeys were tried by hand",
        ]),
    ];

    public static readonly IReadOnlyList<(string Title, string Keywords, string Body)> Runbooks =
    [
        ("Service down", "down, outage, unavailable, 502, 503, 504, crash, not starting, health check",
            """
            ## Symptoms
            - Health checks fail or the load balancer answers 502/503/504.
            - Pages show an error screen; every API call fails or times out.
            - Processes or containers restart over and over.

            ## Diagnosis
            1. Is the process running at all? Check the service manager or container status.
            2. Read the last few hundred log lines from start-up: a missing setting or secret usually says so.
            3. Check what it depends on: database, cache, queue, outside APIs.
            4. Was something deployed or reconfigured just before it went down?

            ## Resolution
            - If a deployment caused it, roll back first and investigate afterwards.
            - Fix the missing or wrong configuration, then restart the service.
            - Confirm the health endpoint answers 200 and key pages load before resolving.
            """),
        ("Database connection failure", "database, db, connection, pool, timeout, postgres, sql, could not connect",
            """
            ## Symptoms
            - Logs mention connection refused, connection timeouts or an exhausted pool.
            - Most requests fail with server errors; the health check reports the database as down.

            ## Diagnosis
            1. Is the database server up and reachable from the application hosts?
            2. Can you connect by hand with the application's credentials and run `SELECT 1`?
            3. How many connections are open compared with the limit? Are many idle or stuck?
            4. Did credentials, certificates or network rules change recently?

            ## Resolution
            - Restart the database only if it is unhealthy; otherwise restart the application to reset its pool.
            - Close long-idle connections and look for code that does not return them.
            - Raise the pool size only as a stopgap, and note it as a follow-up.
            - Put back the correct credentials if they changed.
            """),
        ("High error rate", "error rate, errors, 500, exceptions, failing requests, 5xx",
            """
            ## Symptoms
            - The share of failed requests is well above normal (for example over 5 %).
            - Error tracking shows a burst of new exceptions.

            ## Diagnosis
            1. Which endpoints fail, and since when? Line the start up with deployments and config changes.
            2. Group the errors by type: one new exception usually points at one change.
            3. Check the database and outside services the failing endpoints use.

            ## Resolution
            - Roll back a recent deployment if the errors started with it.
            - Turn off the feature behind the errors if it has a flag.
            - Add capacity if the errors are timeouts under load, then fix the slow path.
            """),
        ("High memory usage", "memory, oom, out of memory, leak, restarts, swap",
            """
            ## Symptoms
            - Memory climbs steadily until processes are killed and restart.
            - Responses slow down as memory fills; out-of-memory errors in the logs.

            ## Diagnosis
            1. Which process grows? Watch it over a few minutes to tell a leak from a spike.
            2. Did a recent change add caching, large queries or bigger uploads?
            3. Look for queries that load whole tables into memory.

            ## Resolution
            - Restart the affected instances one at a time to buy time.
            - Roll back the change that introduced the growth.
            - Raise the memory limit only as a stopgap; record the leak as a follow-up.
            """),
        ("Slow responses", "slow, latency, performance, timeout, response time, degraded",
            """
            ## Symptoms
            - Pages and API calls take seconds; timeouts appear.
            - Users report the product as sluggish.

            ## Diagnosis
            1. Check CPU, memory and disk on the application and database hosts.
            2. List the slowest queries that are running right now.
            3. Check the cache and the queue workers: are they up and keeping pace?
            4. Did traffic jump, or did a change add work to a hot path?

            ## Resolution
            - Stop or kill runaway queries; add the missing index if one is obvious.
            - Scale out the application or workers while the cause is found.
            - Restart stuck workers.
            """),
        ("Authentication failures", "login, sign-in, authentication, auth, unauthorized, 401, token, password",
            """
            ## Symptoms
            - People cannot sign in, or are signed out again straight away.
            - Requests fail with 401 Unauthorized even with fresh tokens.

            ## Diagnosis
            1. Did the signing key or secret change? Existing tokens stop working when it does.
            2. Check token lifetimes and the server clocks: a clock far off rejects valid tokens.
            3. Check cross-origin settings if only the browser app is affected.
            4. Is the identity provider reachable and healthy?

            ## Resolution
            - Put the previous signing key back (or accept both while users move over).
            - Correct the clock or the token settings and restart the service.
            - Tell users if they need to sign in again.
            """),
        ("Email delivery problems", "email, mail, smtp, delivery, queue, password reset, notifications",
            """
            ## Symptoms
            - Password-reset and notification emails arrive late or not at all.
            - The mail queue keeps growing.

            ## Diagnosis
            1. Check the mail provider's status page and the send logs for rejections.
            2. Are the SMTP credentials or API keys still valid?
            3. Is the sender address configured and allowed to send?
            4. How deep is the queue, and are workers running?

            ## Resolution
            - Renew or correct the credentials and restart the mail workers.
            - Add workers to drain a backed-up queue.
            - If the provider is down, pause the queue rather than losing messages.
            """),
        ("Security incident", "security, breach, unauthorized access, attack, leak, compromised, suspicious",
            """
            ## Symptoms
            - Sign-ins or access from places that make no sense; unusual admin activity.
            - Signs that data left the system, or a report from outside.

            ## Diagnosis
            1. Keep the evidence: copy logs before they rotate and do not wipe affected machines.
            2. Work out how they got in and what they could reach.
            3. Find which data may have been exposed, and whose.

            ## Resolution
            - Isolate affected systems and block the attacker's access.
            - Rotate every credential and secret that could have been seen.
            - Patch the weakness that let them in.
            - Involve the security lead; notify affected users and authorities where the law requires it.
            """),
    ];

    /// <summary>Seeds checklists and runbooks into a database that has none of either (each checked on its own).</summary>
    public static async Task EnsureAsync(AppDbContext db, DateTime now, CancellationToken ct = default)
    {
        if (!await db.ChecklistTemplates.AnyAsync(ct))
        {
            foreach (var (name, description, severities, items) in Checklists)
            {
                db.ChecklistTemplates.Add(new ChecklistTemplate
                {
                    Name = name,
                    Description = description,
                    Severities = ChecklistTemplate.Mask(severities),
                    UpdatedAt = now,
                    UpdatedByName = SeededBy,
                    Items = items.Select((text, i) => new ChecklistTemplateItem { Position = i, Text = text }).ToList(),
                });
            }
            await db.SaveChangesAsync(ct);
        }
        if (!await db.Runbooks.AnyAsync(ct))
        {
            foreach (var (title, keywords, body) in Runbooks)
            {
                var runbook = new Runbook { Title = title, Keywords = keywords, Body = body, CreatedAt = now, UpdatedAt = now, UpdatedByName = SeededBy };
                db.Runbooks.Add(runbook);
                await db.SaveChangesAsync(ct);
                db.RunbookRevisions.Add(new RunbookRevision
                {
                    RunbookId = runbook.Id, Number = 1, Title = title, Keywords = keywords, Body = body,
                    SavedAt = now, SavedById = "", SavedByName = SeededBy, Reason = "created",
                });
            }
            await db.SaveChangesAsync(ct);
        }
    }
}
