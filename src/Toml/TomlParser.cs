using System;

namespace WitSharp.Toml
{
    /// <summary>TOML 1.0 parser producing the value tree and the syntax items that reproduce the text.</summary>
    internal static class TomlParser
    {
        // In progress: the API is committed first so the plugin host can code against it.
        public static TomlDocument Parse(string text, string? sourcePath) =>
            throw new NotImplementedException("the TOML parser is being written");
    }
}
