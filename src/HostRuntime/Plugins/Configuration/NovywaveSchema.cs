using System.Text.RegularExpressions;
using WitSharp.HostRuntime.Plugins.Sandbox;
using WitSharp.Toml;

namespace WitSharp.HostRuntime.Plugins.Configuration;

/// <summary>
/// The <c>[plugins]</c> schema of a <c>.novywave</c> file: validation into a <see cref="NovywaveConfig"/> and the
/// migrations from older <c>schema_version</c>s. Keys outside <c>[plugins]</c> belong to other parts of NovyWave and are
/// ignored; unknown keys inside it are errors (they are almost always typos).
/// </summary>
/// <remarks>
/// Version history. 1: entries named their artifact <c>path</c> and their grants <c>[plugins.entries.grants]</c> with
/// <c>imports</c>, <c>channels</c>, <c>directories</c>. 2 (current): <c>artifact_path</c>, and
/// <c>[plugins.entries.capabilities]</c> with <c>imports</c>, <c>wasi</c>, <c>relay_channels</c>, <c>directories</c>.
/// </remarks>
public static partial class NovywaveSchema
{
    /// <summary>The schema version this host reads; older files are migrated to it.</summary>
    public const int CurrentVersion = 2;

    private static readonly string[] EntryKeys = ["id", "enabled", "artifact_path", "config", "watch", "capabilities", "limits"];

    /// <summary>Brings <paramref name="document"/> to <see cref="CurrentVersion"/> in place, one version step at a time.</summary>
    /// <returns>The version the document had.</returns>
    /// <exception cref="NovywaveConfigException">The version is missing, not an integer, or unknown.</exception>
    public static int Migrate(TomlDocument document, string path)
    {
        var reader = new SchemaReader(path);
        var plugins = reader.RequiredTable(document.Root, "plugins", "the file");
        var version = reader.Integer(plugins, "schema_version", "[plugins]", required: true)!.Value;
        if (version < 1 || version > CurrentVersion)
        {
            throw reader.Error(plugins["schema_version"], $"schema_version {version} is not supported (this host reads 1 to {CurrentVersion})");
        }

        if (version == 1)
        {
            MigrateV1ToV2(plugins);
        }

        return (int)version;
    }

    /// <summary>Validates a document of the current version.</summary>
    /// <exception cref="NovywaveConfigException">The document does not match the schema.</exception>
    public static NovywaveConfig Read(TomlDocument document, string path)
    {
        var reader = new SchemaReader(path);
        var fullPath = Path.GetFullPath(path);
        var baseDirectory = Path.GetDirectoryName(fullPath) ?? ".";
        var plugins = reader.RequiredTable(document.Root, "plugins", "the file");
        reader.OnlyKeys(plugins, "[plugins]", "schema_version", "entries");
        var version = reader.Integer(plugins, "schema_version", "[plugins]", required: true)!.Value;
        if (version != CurrentVersion)
        {
            throw reader.Error(plugins["schema_version"], $"schema_version {version} must be migrated to {CurrentVersion} first");
        }

        var entries = new List<PluginEntryConfig>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (plugins.TryGetValue("entries", out var entriesValue))
        {
            if (entriesValue is not TomlArray array || array.Any(item => item is not TomlTable))
            {
                throw reader.Error(entriesValue, "plugins.entries must be an array of tables ([[plugins.entries]])");
            }

            foreach (var table in array.Cast<TomlTable>())
            {
                var entry = ReadEntry(reader, table, baseDirectory);
                if (!ids.Add(entry.Id))
                {
                    throw reader.Error(table["id"], $"duplicate plugin id '{entry.Id}'");
                }

                entries.Add(entry);
            }
        }

        return new NovywaveConfig(fullPath, (int)version, entries);
    }

    private static void MigrateV1ToV2(TomlTable plugins)
    {
        if (plugins.TryGetValue("entries", out var entries) && entries is TomlArray array)
        {
            foreach (var entry in array.OfType<TomlTable>())
            {
                Rename(entry, "path", "artifact_path");
                Rename(entry, "grants", "capabilities");
                if (entry.TryGetTable("capabilities", out var capabilities))
                {
                    Rename(capabilities, "channels", "relay_channels");
                }
            }
        }

        plugins["schema_version"] = new TomlInteger(2);
    }

    private static void Rename(TomlTable table, string from, string to)
    {
        if (table.TryGetValue(from, out var value) && !table.ContainsKey(to))
        {
            table.Remove(from);
            table.Set(to, value);
        }
    }

    private static PluginEntryConfig ReadEntry(SchemaReader reader, TomlTable table, string baseDirectory)
    {
        var id = reader.String(table, "id", "[[plugins.entries]]", required: true)!;
        if (!IdPattern().IsMatch(id))
        {
            throw reader.Error(table["id"], $"plugin id '{id}' may only contain letters, digits, '_', '-' and '.'");
        }

        var where = $"plugin '{id}'";
        reader.OnlyKeys(table, where, EntryKeys);
        var enabled = reader.Boolean(table, "enabled", where) ?? true;
        var artifact = reader.String(table, "artifact_path", where, required: true)!;
        var config = table.TryGetValue("config", out var configValue)
            ? ConfigDataEncoding.Flatten(configValue as TomlTable ?? throw reader.Error(configValue, $"{where}: config must be a table, not {configValue.KindName}"))
            : [];

        WatchSettings? watch = null;
        if (reader.OptionalTable(table, "watch", where) is { } watchTable)
        {
            reader.OnlyKeys(watchTable, where + " watch", "directories", "debounce_ms");
            var directories = reader.Strings(watchTable, "directories", where + " watch", required: true);
            if (directories.Count == 0)
            {
                throw reader.Error(watchTable["directories"], $"{where} watch: directories must not be empty");
            }

            watch = new WatchSettings(directories, (int)(reader.Integer(watchTable, "debounce_ms", where + " watch", min: 0, max: 60_000) ?? 200));
        }

        var grants = CapabilityGrants.None;
        if (reader.OptionalTable(table, "capabilities", where) is { } capabilities)
        {
            var context = where + " capabilities";
            reader.OnlyKeys(capabilities, context, "imports", "wasi", "relay_channels", "directories");
            var imports = reader.Strings(capabilities, "imports", context);
            if (imports.FirstOrDefault(i => !PluginImports.All.Contains(i)) is { } unknown)
            {
                throw reader.Error(capabilities["imports"], $"{context}: '{unknown}' is not an import of the plugin world (known: {string.Join(", ", PluginImports.All)})");
            }

            var wasi = reader.Strings(capabilities, "wasi", context);
            if (wasi.FirstOrDefault(w => !w.StartsWith("wasi:", StringComparison.Ordinal) || w.Contains('@')) is { } badWasi)
            {
                throw reader.Error(capabilities["wasi"], $"{context}: '{badWasi}' is not an unversioned WASI interface name like 'wasi:cli/stdout'");
            }

            grants = new CapabilityGrants(
                imports.ToHashSet(StringComparer.Ordinal),
                wasi.ToHashSet(StringComparer.Ordinal),
                reader.Strings(capabilities, "directories", context),
                reader.Strings(capabilities, "relay_channels", context).ToHashSet(StringComparer.Ordinal));
        }

        var limits = PluginLimits.Default;
        if (reader.OptionalTable(table, "limits", where) is { } limitsTable)
        {
            var context = where + " limits";
            reader.OnlyKeys(limitsTable, context, "memory_pages", "call_deadline_ms", "fuel", "tick_ms");
            var tick = reader.Integer(limitsTable, "tick_ms", context, min: 1, max: 3_600_000);
            limits = new PluginLimits(
                (int)(reader.Integer(limitsTable, "memory_pages", context, min: 1, max: 65_536) ?? limits.MemoryPages),
                reader.Integer(limitsTable, "call_deadline_ms", context, min: 1, max: 3_600_000) is { } deadline ? TimeSpan.FromMilliseconds(deadline) : limits.CallDeadline,
                reader.Integer(limitsTable, "fuel", context, min: 1, max: long.MaxValue) ?? limits.Fuel,
                tick is { } ms ? TimeSpan.FromMilliseconds(ms) : limits.TickInterval);
        }

        return new PluginEntryConfig(id, enabled, Path.GetFullPath(artifact, baseDirectory), baseDirectory, config, watch, grants, limits);
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex IdPattern();

    /// <summary>Typed access to schema values with errors that point at the file, line and column.</summary>
    private sealed class SchemaReader(string path)
    {
        public NovywaveConfigException Error(TomlValue? at, string reason) =>
            at?.Position is { } position
                ? new NovywaveConfigException(path, position.Line, position.Column, reason)
                : new NovywaveConfigException(path, 0, 0, reason);

        public TomlTable RequiredTable(TomlTable parent, string key, string where) =>
            OptionalTable(parent, key, where) ?? throw Error(parent, $"{where} has no [{key}] table");

        public TomlTable? OptionalTable(TomlTable parent, string key, string where) =>
            !parent.TryGetValue(key, out var value) ? null
            : value as TomlTable ?? throw Error(value, $"{where}: {key} must be a table, not {value.KindName}");

        public void OnlyKeys(TomlTable table, string where, params string[] allowed)
        {
            if (table.Keys.FirstOrDefault(key => !allowed.Contains(key)) is { } unknown)
            {
                throw Error(table[unknown], $"{where}: unknown key '{unknown}' (expected one of: {string.Join(", ", allowed)})");
            }
        }

        public string? String(TomlTable table, string key, string where, bool required = false)
        {
            var value = Get(table, key, where, required);
            return value switch
            {
                null => null,
                TomlString { Value.Length: > 0 } s => s.Value,
                TomlString => throw Error(value, $"{where}: {key} must not be empty"),
                _ => throw Error(value, $"{where}: {key} must be a string, not {value.KindName}"),
            };
        }

        public bool? Boolean(TomlTable table, string key, string where)
        {
            var value = Get(table, key, where, required: false);
            return value switch
            {
                null => null,
                TomlBoolean b => b.Value,
                _ => throw Error(value, $"{where}: {key} must be true or false, not {value.KindName}"),
            };
        }

        public long? Integer(TomlTable table, string key, string where, bool required = false, long min = long.MinValue, long max = long.MaxValue)
        {
            var value = Get(table, key, where, required);
            return value switch
            {
                null => null,
                TomlInteger i when i.Value >= min && i.Value <= max => i.Value,
                TomlInteger i => throw Error(value, $"{where}: {key} = {i.Value} is out of range ({min} to {max})"),
                _ => throw Error(value, $"{where}: {key} must be an integer, not {value.KindName}"),
            };
        }

        public IReadOnlyList<string> Strings(TomlTable table, string key, string where, bool required = false)
        {
            var value = Get(table, key, where, required);
            return value switch
            {
                null => [],
                TomlArray array when array.All(item => item is TomlString { Value.Length: > 0 }) => array.Cast<TomlString>().Select(s => s.Value).ToArray(),
                TomlArray array => throw Error(array.FirstOrDefault(item => item is not TomlString { Value.Length: > 0 }) ?? value, $"{where}: {key} must hold non-empty strings only"),
                _ => throw Error(value, $"{where}: {key} must be an array of strings, not {value.KindName}"),
            };
        }

        private TomlValue? Get(TomlTable table, string key, string where, bool required) =>
            table.TryGetValue(key, out var value) ? value
            : required ? throw Error(table, $"{where}: missing required key '{key}'")
            : null;
    }
}
