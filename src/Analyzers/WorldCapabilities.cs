using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using WitSharp.HostRuntime.Capabilities;
using WitSharp.Wit;

namespace WitSharp.Analyzers
{
    /// <summary>
    /// The capability names the host's worlds define: the import keys of every world named by
    /// <c>[WitSharp.WitWorld("...")]</c> (resolved from the project's .wit AdditionalFiles), relay channels when the
    /// world imports <c>relay-publish</c>, and the WASI interfaces.
    /// </summary>
    internal sealed class WorldCapabilities
    {
        public const string WitWorldAttributeMetadataName = "WitSharp.WitWorldAttribute";

        private readonly HashSet<string> _imports;

        private WorldCapabilities(HashSet<string> imports, string description)
        {
            _imports = imports;
            Description = description;
        }

        /// <summary>How messages name the worlds, e.g. <c>world novywave:plugins/plugin@0.1.0</c>.</summary>
        public string Description { get; }

        /// <summary>
        /// Resolves the named worlds; null when there are none, or when one cannot be resolved (the generator reports
        /// WIT errors; without the world's imports the analyzers cannot tell a typo from a real capability).
        /// </summary>
        public static WorldCapabilities? Resolve(IReadOnlyCollection<string> worldNames, IEnumerable<AdditionalText> additionalFiles, IEnumerable<string> features, CancellationToken cancellationToken)
        {
            if (worldNames.Count == 0)
                return null;
            var sources = new List<WitSource>();
            foreach (AdditionalText file in additionalFiles)
            {
                if (!file.Path.EndsWith(".wit", StringComparison.OrdinalIgnoreCase))
                    continue;
                string? text = file.GetText(cancellationToken)?.ToString();
                if (text == null)
                    return null;
                sources.Add(new WitSource(file.Path, text));
            }
            if (sources.Count == 0)
                return null;
            WitResolution resolution = WitResolver.Resolve(sources, features);
            if (resolution.HasErrors)
                return null;
            var imports = new HashSet<string>(StringComparer.Ordinal);
            var described = new List<string>();
            foreach (string worldName in worldNames.OrderBy(n => n, StringComparer.Ordinal))
            {
                WitWorld? world = resolution.FindWorld(worldName, out _);
                if (world == null)
                    return null;
                described.Add("world " + world.Package.Name.Qualify(world.Name));
                foreach (WitWorldItem import in world.Imports)
                    imports.Add(WasiCapabilities.FromImportKey(import.Key));
            }
            return new WorldCapabilities(imports, string.Join(", ", described));
        }

        /// <summary>Whether <paramref name="capability"/> names an import, a relay channel or a WASI interface.</summary>
        public bool Defines(string capability)
        {
            if (_imports.Contains(capability) || WasiCapabilities.All.Contains(capability))
                return true;
            return capability.StartsWith(CapabilityNames.RelayChannelPrefix, StringComparison.Ordinal)
                && capability.Length > CapabilityNames.RelayChannelPrefix.Length
                && _imports.Contains(CapabilityNames.RelayPublish);
        }
    }
}
