namespace IncidentCenter.Shared;

/// <summary>
/// Saves what a person sends from a text box one at a time, in the order it was sent, and never
/// drops a send that arrives while a save is in flight. Used from the renderer's synchronization
/// context, so it needs no locking. When a save fails, the failed item and everything queued
/// behind it are handed back (in order) so the component can put their text back in the box.
/// </summary>
public sealed class SendQueue<TItem>(
    Func<TItem, Task> save,
    Func<TItem, Task> saved,
    Func<IReadOnlyList<TItem>, Exception, Task> failed)
{
    private readonly List<TItem> _pending = [];
    private bool _running;

    /// <summary>Sent and not yet saved and cleared from the box, oldest first (the first one is being saved now).</summary>
    public IReadOnlyList<TItem> Pending => _pending;

    public bool IsSaving => _running;

    /// <summary>Adds the item and, unless a save is already running, saves the queue out.</summary>
    public async Task EnqueueAsync(TItem item)
    {
        _pending.Add(item);
        if (_running)
        {
            return;
        }
        _running = true;
        try
        {
            while (_pending.Count > 0)
            {
                var next = _pending[0];
                try
                {
                    await save(next);
                }
                catch (Exception ex)
                {
                    TItem[] unsaved = [.. _pending];
                    _pending.Clear();
                    await failed(unsaved, ex);
                    return;
                }
                // Still pending while the box is cleared of it: a send arriving meanwhile must not
                // take the saved text, still in the box, for new text.
                try
                {
                    await saved(next);
                }
                finally
                {
                    _pending.RemoveAt(0);
                }
            }
        }
        finally
        {
            _running = false;
        }
    }
}

/// <summary>
/// The text rules of a box whose content is sent piece by piece: what a send adds, and what a
/// finished save removes. wwwroot/js/drafts.js applies the same two removal rules to the box in
/// the browser, where the newest keystrokes are.
/// </summary>
public static class DraftText
{
    /// <summary>
    /// The part of the box not already sent: leading pieces that are still being saved are
    /// skipped, in order. A piece that was replaced (the box no longer starts with it) is skipped
    /// over; it is in the queue already.
    /// </summary>
    public static string Unsent(string box, IEnumerable<string> pending)
    {
        var rest = box.TrimStart();
        foreach (var sent in pending)
        {
            var piece = sent.Trim();
            if (piece.Length > 0 && rest.StartsWith(piece, StringComparison.Ordinal))
            {
                rest = rest[piece.Length..].TrimStart();
            }
        }
        return rest.TrimEnd();
    }

    /// <summary>
    /// The box after a save of <paramref name="saved"/>: that text is removed from its start,
    /// with the blank space after it; anything else typed meanwhile stays. If the box no longer
    /// starts with the saved text (it was replaced or edited), nothing is removed.
    /// </summary>
    public static string AfterSave(string box, string saved)
    {
        var piece = saved.Trim();
        var trimmed = box.TrimStart();
        if (piece.Length == 0 || !trimmed.StartsWith(piece, StringComparison.Ordinal))
        {
            return box;
        }
        return trimmed[piece.Length..].TrimStart();
    }

    /// <summary>
    /// The box after saves failed: unsaved pieces that are no longer in it go back in front of
    /// what it holds, in the order they were sent, so nothing typed is lost.
    /// </summary>
    public static string WithUnsaved(string box, IEnumerable<string> unsaved)
    {
        var missing = unsaved.Select(u => u.Trim()).Where(u => u.Length > 0 && !box.Contains(u, StringComparison.Ordinal)).ToList();
        if (missing.Count == 0)
        {
            return box;
        }
        return string.IsNullOrWhiteSpace(box)
            ? string.Join("\n\n", missing)
            : string.Join("\n\n", [.. missing, box.TrimStart()]);
    }
}
