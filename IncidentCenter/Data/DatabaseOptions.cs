namespace IncidentCenter.Data;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>SQLite file; a relative path is taken from the app's content root.</summary>
    public string Path { get; set; } = "data/incidentcenter.db";

    public string KeysDirectory(string contentRoot) => DataFile("keys", contentRoot);

    /// <summary>A file or folder beside the database.</summary>
    public string DataFile(string name, string contentRoot) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path, contentRoot))!, name);

    public string ConnectionString(string contentRoot)
    {
        var full = System.IO.Path.GetFullPath(Path, contentRoot);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        return $"Data Source={full};Cache=Private;Pooling=True;Default Timeout=30";
    }
}
