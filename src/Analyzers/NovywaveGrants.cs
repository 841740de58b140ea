using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace WitSharp.Analyzers
{
    /// <summary>One capability a <c>.novywave</c> grants a plugin, located on its TOML string.</summary>
    internal sealed class NovywaveGrant
    {
        public NovywaveGrant(string pluginId, string capability, Location location)
        {
            PluginId = pluginId;
            Capability = capability;
            Location = location;
        }

        public string PluginId { get; }

        /// <summary>The capability in allowlist form: an import name, a WASI interface or <c>relay-publish:&lt;channel&gt;</c>.</summary>
        public string Capability { get; }

        public Location Location { get; }
    }

    /// <summary>Why (part of) a <c>.novywave</c> could not be checked, and where.</summary>
    internal sealed class NovywaveProblem
    {
        public NovywaveProblem(string message, Location location)
        {
            Message = message;
            Location = location;
        }

        public string Message { get; }
        public Location Location { get; }
    }

    /// <summary>
    /// The capability grants of a <c>.novywave</c> file: for each <c>[[plugins.entries]]</c>, the strings of
    /// <c>capabilities.imports</c>, <c>capabilities.wasi</c> and <c>capabilities.relay_channels</c> (the schema in
    /// CONTRACT.md / src/Analyzers/README.md).
    /// </summary>
    internal sealed partial class NovywaveGrants
    {
        public const string Extension = ".novywave";
        public const string PluginsKey = "plugins";
        public const string EntriesKey = "entries";
        public const string IdKey = "id";
        public const string CapabilitiesKey = "capabilities";
        public const string ImportsKey = "imports";
        public const string WasiKey = "wasi";
        public const string RelayChannelsKey = "relay_channels";

        private NovywaveGrants(IReadOnlyList<NovywaveGrant> grants, IReadOnlyList<NovywaveProblem> problems)
        {
            Grants = grants;
            Problems = problems;
        }

        public IReadOnlyList<NovywaveGrant> Grants { get; }
        public IReadOnlyList<NovywaveProblem> Problems { get; }

        public static bool IsNovywaveFile(string path) =>
            string.Equals(Path.GetExtension(path), Extension, StringComparison.OrdinalIgnoreCase);
    }
}
