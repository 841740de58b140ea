using System.Globalization;
using WitSharp.Toml;

namespace WitSharp.HostRuntime.Plugins.Configuration;

/// <summary>
/// How an entry's <c>config</c> table becomes the plugin's <c>config-data</c> (a flat list of string pairs):
/// <list type="bullet">
/// <item>nested tables become dotted keys: <c>[config.scan] depth = 2</c> gives <c>scan.depth = "2"</c>;</item>
/// <item>arrays become indexed keys: <c>dirs = ["a", "b"]</c> gives <c>dirs.0 = "a"</c>, <c>dirs.1 = "b"</c> (tables and
/// arrays inside arrays continue the path: <c>dirs.0.name</c>, <c>m.1.0</c>); an empty array gives <c>dirs = ""</c>;</item>
/// <item>strings are passed as they are; integers in decimal; floats in shortest round-trip form with <c>inf</c>,
/// <c>-inf</c> and <c>nan</c>; booleans as <c>true</c>/<c>false</c>; dates and times in their RFC 3339 / TOML form.</item>
/// </list>
/// Entries keep the file's order. This matches what the reference plugins accept for list-valued keys.
/// </summary>
public static class ConfigDataEncoding
{
    /// <summary>Flattens a <c>config</c> table.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Flatten(TomlTable table)
    {
        var entries = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in table)
        {
            Add(entries, key, value);
        }

        return entries;
    }

    /// <summary>The string form of a scalar TOML value.</summary>
    public static string Scalar(TomlValue value) => value switch
    {
        TomlString s => s.Value,
        TomlInteger i => i.Value.ToString(CultureInfo.InvariantCulture),
        TomlFloat f when double.IsNaN(f.Value) => "nan",
        TomlFloat f when double.IsPositiveInfinity(f.Value) => "inf",
        TomlFloat f when double.IsNegativeInfinity(f.Value) => "-inf",
        TomlFloat f => f.Value.ToString("R", CultureInfo.InvariantCulture),
        TomlBoolean b => b.Value ? "true" : "false",
        TomlDateTime d => d.ToString(),
        _ => throw new ArgumentException($"not a scalar: {value.KindName}", nameof(value)),
    };

    private static void Add(List<KeyValuePair<string, string>> entries, string key, TomlValue value)
    {
        switch (value)
        {
            case TomlTable table:
                foreach (var (child, childValue) in table)
                {
                    Add(entries, key + "." + child, childValue);
                }

                break;
            case TomlArray array when array.Count == 0:
                entries.Add(new(key, ""));
                break;
            case TomlArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Add(entries, key + "." + i.ToString(CultureInfo.InvariantCulture), array[i]);
                }

                break;
            default:
                entries.Add(new(key, Scalar(value)));
                break;
        }
    }
}
