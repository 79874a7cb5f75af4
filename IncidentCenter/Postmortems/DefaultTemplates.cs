using IncidentCenter.Incidents;

namespace IncidentCenter.Postmortems;

/// <summary>
/// The templates a new database starts with, following the post-mortem structure of the response
/// guides we learn from (summary, timeline, root cause, impact, resolution, prevention, lessons), in
/// our own words. Parts between generated markers are refilled from the incident; quoted "✍ To write:"
/// prompts are for people.
/// </summary>
public static class DefaultTemplates
{
    public const string FullName = "Full post-mortem";
    public const string ShortName = "Short post-mortem";

    public static readonly IReadOnlyList<Severity> FullFor = [Severity.Sev1, Severity.Sev2];
    public static readonly IReadOnlyList<Severity> ShortFor = [Severity.Sev3, Severity.Sev4];

    /// <summary>The level-2 headings of the full template, in order.</summary>
    public static readonly IReadOnlyList<string> FullHeadings =
    [
        "Summary", "Timeline", "Root cause", "Impact", "Resolution", "Status updates", "Response team",
        "Prevention and action items", "Lessons learned",
    ];

    private const string FrontMatter = """
        ---
        reference: {{Reference}}
        title: {{TitleYaml}}
        severity: {{Severity}}
        incident_state: {{IncidentState}}
        detected_at: {{Detected.Iso}}
        declared_at: {{Declared.Iso}}
        identified_at: {{Identified.Iso}}
        mitigated_at: {{Mitigated.Iso}}
        resolved_at: {{Resolved.Iso}}
        time_to_acknowledge_minutes: {{TimeToAcknowledge.Minutes}}
        time_to_identify_minutes: {{TimeToIdentify.Minutes}}
        time_to_mitigate_minutes: {{TimeToMitigate.Minutes}}
        time_to_resolve_minutes: {{TimeToResolve.Minutes}}
        total_duration_minutes: {{TotalDuration.Minutes}}
        services: {{ServicesYaml}}
        commander: {{CommanderYaml}}
        ---
        """;

    private const string Facts = """
        <!-- generated:facts -->

        | Fact | Value |
        |---|---|
        | Reference | {{Reference}} |
        | Severity | {{Severity}}{{#if SeverityChanged}} (declared as {{InitialSeverity}}){{/if}} |
        | Affected services | {{ServicesText}} |
        | Incident Commander | {{Commander}} |
        | Detected | {{Detected.Utc}}{{#if Detected.Known}} ({{Detected.Source}}){{/if}} |
        | Declared | {{Declared.Utc}} |
        | Cause identified | {{Identified.Utc}} |
        | Mitigated (monitoring) | {{Mitigated.Utc}} |
        | Resolved | {{Resolved.Utc}} |

        <!-- /generated:facts -->
        """;

    private const string Timeline = """
        ## Timeline

        <!-- generated:timeline -->

        Key events from the incident timeline, in the order they happened. All times UTC.

        {{#if HasKeyEvents}}
        | Time (UTC) | Event | By | Time source |
        |---|---|---|---|
        {{#each KeyEvents}}
        | {{Time}} | {{Text}} | {{Author}} | {{Source}} |
        {{/each}}
        {{else}}
        No timeline entries were marked as key events.
        {{/if}}
        {{#if SeverityChanged}}

        Severity changes:

        {{#each SeverityChanges}}
        - {{Time}}: {{From}} → {{To}}{{#if Reason}} ({{Reason}}){{/if}}
        {{/each}}
        {{/if}}

        <!-- /generated:timeline -->
        """;

    private const string Durations = """
        <!-- generated:durations -->

        | Measure | Span | Duration | Timestamps |
        |---|---|---|---|
        {{#each Durations}}
        | {{Name}} | {{Span}} | {{Text}} | {{#if Known}}{{Source}}{{else}}not recorded{{/if}} |
        {{/each}}

        <!-- /generated:durations -->
        """;

    private const string StatusUpdates = """
        ## Status updates

        <!-- generated:status-updates -->

        {{#if HasStatusUpdates}}
        {{#each StatusUpdates}}
        - {{Time}} ({{Stage}}): {{Text}}
        {{/each}}
        {{else}}
        No status updates were published during this incident.
        {{/if}}

        <!-- /generated:status-updates -->
        """;

    private const string Team = """
        ## Response team

        <!-- generated:roles -->

        {{#each Roles}}
        - {{Role}}: {{Name}}
        {{/each}}

        <!-- /generated:roles -->
        """;

    private const string ActionItems = """
        <!-- generated:action-items -->

        {{#if HasActionItems}}
        | Action | Owner | Due | State |
        |---|---|---|---|
        {{#each ActionItems}}
        | {{Title}} | {{Owner}} | {{Due}} | {{State}} |
        {{/each}}
        {{else}}
        No action items yet: add them on the post-mortem page, each with an owner and a due date.
        {{/if}}

        <!-- /generated:action-items -->
        """;

    public static readonly string Full = $$$"""
        {{{FrontMatter}}}
        # Post-mortem: {{Title}} ({{Reference}})

        {{{Facts}}}

        ## Summary

        > {{{PostmortemText.Prompt}}} what happened, in two or three sentences someone outside the team can follow: what broke, who noticed it and how, and how it ended.

        {{{Timeline}}}

        > {{{PostmortemText.Prompt}}} anything that happened outside the app's timeline (chat, phone calls, vendor tickets) and matters to the story.

        ## Root cause

        > {{{PostmortemText.Prompt}}} why it happened. Keep asking "why" until you reach something the team can change; describe systems and conditions, not people.

        ## Impact

        {{{Durations}}}

        > {{{PostmortemText.Prompt}}} the impact only people can measure:
        >
        > - Users affected: how many, and which users (all, a region, a plan)?
        > - Requests failed: a count or an error rate, and where the figure comes from.
        > - Revenue impact: if known; otherwise say that it is not known.

        ## Resolution

        > {{{PostmortemText.Prompt}}} what stopped the impact, and what made the fix permanent.

        {{{StatusUpdates}}}

        {{{Team}}}

        ## Prevention and action items

        {{{ActionItems}}}

        > {{{PostmortemText.Prompt}}} how the action items above keep this from happening again, or make it smaller and shorter next time.

        ## Lessons learned

        ### What went well

        > {{{PostmortemText.Prompt}}} what helped: alerts that fired, runbooks that worked, people who stepped in.

        ### What could be improved

        > {{{PostmortemText.Prompt}}} what slowed the response or made it harder. Blameless: describe the situation, not the person.
        """;

    public static readonly string Short = $$$"""
        {{{FrontMatter}}}
        # Post-mortem: {{Title}} ({{Reference}})

        {{{Facts}}}

        ## Summary

        > {{{PostmortemText.Prompt}}} what happened and how it was fixed, in a few sentences.

        {{{Timeline}}}

        ## Cause and fix

        > {{{PostmortemText.Prompt}}} why it happened and what fixed it.

        ## Impact

        {{{Durations}}}

        > {{{PostmortemText.Prompt}}} who noticed, and how much it mattered to them.

        ## Follow-ups

        {{{ActionItems}}}

        ## What we learned

        > {{{PostmortemText.Prompt}}} one thing to keep doing and one thing to change.
        """;
}
