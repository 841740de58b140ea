using System.Collections.Generic;
using System.Linq;

namespace WitSharp.Wit
{
    /// <summary>The outcome of resolving a set of WIT files: the packages, or the diagnostics explaining why not.</summary>
    public sealed class WitResolution
    {
        internal WitResolution(IReadOnlyList<WitPackage> packages, IReadOnlyList<WitPackage> rootPackages, IReadOnlyList<WitDiagnostic> diagnostics, IReadOnlyList<string> unusedFeatures)
        {
            UnusedFeatures = unusedFeatures;
            Diagnostics = diagnostics;
            HasErrors = diagnostics.Any(d => d.Severity == WitDiagnosticSeverity.Error);
            Packages = HasErrors ? new WitPackage[0] : packages;
            RootPackages = HasErrors ? new WitPackage[0] : rootPackages;
        }

        /// <summary>Every diagnostic found, in file order per file. Resolution never throws on bad input; it reports here.</summary>
        public IReadOnlyList<WitDiagnostic> Diagnostics { get; }

        /// <summary>
        /// The enabled <c>@unstable</c> features that no gate of the sources names (usually a misspelling: the items the
        /// intended feature gates are still left out), in ordinal order.
        /// </summary>
        public IReadOnlyList<string> UnusedFeatures { get; }

        /// <summary>True when at least one diagnostic is an error; then <see cref="Packages"/> is empty.</summary>
        public bool HasErrors { get; }

        /// <summary>All packages (dependencies first, so every package comes after the packages it uses). Empty when <see cref="HasErrors"/>.</summary>
        public IReadOnlyList<WitPackage> Packages { get; }

        /// <summary>The packages declared by files outside <c>deps/</c> folders (the ones a user asks bindings for), including their nested <c>package x:y { }</c> blocks.</summary>
        public IReadOnlyList<WitPackage> RootPackages { get; }

        /// <summary>
        /// Finds a world by <c>name</c> (searched in the root packages, must be unique), <c>ns:pkg/name</c> or <c>ns:pkg/name@version</c>
        /// (without a version: the world of the unversioned package if there is one, else of the one version declaring it).
        /// Returns null and a diagnostic message in <paramref name="error"/> when it is missing or ambiguous.
        /// </summary>
        public WitWorld? FindWorld(string name, out WitDiagnostic? error)
        {
            error = null;
            var slash = name.IndexOf('/');
            List<WitWorld> candidates;
            if (slash < 0)
            {
                candidates = RootPackages.SelectMany(p => p.Worlds).Where(w => w.Name == name).ToList();
            }
            else
            {
                var packagePart = name.Substring(0, slash);
                var rest = name.Substring(slash + 1);
                var at = rest.IndexOf('@');
                var worldName = at < 0 ? rest : rest.Substring(0, at);
                var version = at < 0 ? null : rest.Substring(at + 1);
                candidates = Packages
                    .Where(p => p.Name.Namespace + ":" + p.Name.Name == packagePart && (version == null || p.Name.Version == version))
                    .SelectMany(p => p.Worlds)
                    .Where(w => w.Name == worldName)
                    .ToList();

                // Without a version the name is also the exact name of the world in the unversioned package, which wins over its versions.
                if (version == null && candidates.Count > 1 && candidates.Any(w => w.Package.Name.Version == null))
                {
                    candidates = candidates.Where(w => w.Package.Name.Version == null).ToList();
                }
            }

            if (candidates.Count == 1)
            {
                return candidates[0];
            }

            if (candidates.Count == 0)
            {
                var known = Packages.SelectMany(p => p.Worlds).Select(w => w.QualifiedName).ToList();
                var hint = known.Count == 0 ? "; the packages declare no worlds" : "; known worlds: " + string.Join(", ", known);
                error = WitDiagnosticDescriptors.WorldNotFound.Create(null, name, hint);
            }
            else
            {
                error = WitDiagnosticDescriptors.AmbiguousWorld.Create(null, name, "it matches " + string.Join(", ", candidates.Select(w => w.QualifiedName)) + "; qualify it as ns:pkg/world");
            }

            return null;
        }
    }
}
