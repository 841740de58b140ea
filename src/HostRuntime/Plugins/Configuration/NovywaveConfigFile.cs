using WitSharp.Toml;

namespace WitSharp.HostRuntime.Plugins.Configuration;

/// <summary>
/// A <c>.novywave</c> file: its TOML document (comments, order and unknown keys preserved) and the validated
/// <see cref="Config"/>. Edits go through <see cref="Document"/> or the helpers here; <see cref="Save"/> validates first and
/// replaces the file atomically, so a bad edit never overwrites a good file.
/// </summary>
public sealed class NovywaveConfigFile
{
    private NovywaveConfigFile(TomlDocument document, string path, NovywaveConfig config, int originalVersion)
    {
        Document = document;
        Path = path;
        Config = config;
        OriginalSchemaVersion = originalVersion;
    }

    /// <summary>The document, migrated to <see cref="NovywaveSchema.CurrentVersion"/> when it was older.</summary>
    public TomlDocument Document { get; }

    /// <summary>The file the configuration was read from.</summary>
    public string Path { get; }

    /// <summary>The validated configuration.</summary>
    public NovywaveConfig Config { get; private set; }

    /// <summary>The <c>schema_version</c> the file had before migration.</summary>
    public int OriginalSchemaVersion { get; }

    /// <summary>Reads and validates a file.</summary>
    /// <exception cref="NovywaveConfigException">The file cannot be read, is not TOML, or does not match the schema (with line and column).</exception>
    public static NovywaveConfigFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NovywaveConfigException(path, 0, 0, "cannot read the file: " + e.Message, e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses and validates the text of a file.</summary>
    /// <exception cref="NovywaveConfigException">The text is not TOML or does not match the schema (with line and column).</exception>
    public static NovywaveConfigFile Parse(string text, string path)
    {
        TomlDocument document;
        try
        {
            document = TomlDocument.Parse(text, path);
        }
        catch (TomlException e)
        {
            throw new NovywaveConfigException(path, e.Line, e.Column, e.Reason, e);
        }

        var original = NovywaveSchema.Migrate(document, path);
        return new NovywaveConfigFile(document, path, NovywaveSchema.Read(document, path), original);
    }

    /// <summary>Sets one entry's <c>enabled</c> key, leaving the rest of the document as it was.</summary>
    /// <exception cref="KeyNotFoundException">No entry has that id.</exception>
    public void SetEnabled(string pluginId, bool enabled)
    {
        var entries = Document.Root.GetTable("plugins").GetArray("entries").OfType<TomlTable>();
        var entry = entries.FirstOrDefault(e => e.TryGetString("id", out var id) && id == pluginId)
            ?? throw new KeyNotFoundException($"{Path}: no plugin entry with id '{pluginId}'");
        entry["enabled"] = new TomlBoolean(enabled);
    }

    /// <summary>Validates the (edited) document, then writes it atomically (temporary file and rename).</summary>
    /// <param name="path">Where to write; the file it was read from when null.</param>
    /// <exception cref="NovywaveConfigException">The edited document no longer matches the schema; nothing was written.</exception>
    public void Save(string? path = null)
    {
        var target = path ?? Path;
        var validated = NovywaveSchema.Read(TomlDocument.Parse(Document.ToString(), target), target);
        Document.Save(target);
        Config = validated;
    }
}
