using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using WitSharp.Wit.Resolution;

namespace WitSharp.Wit
{
    /// <summary>
    /// The front end's entry point: parses and resolves WIT sources into <see cref="WitPackage"/>s.
    /// Files in one directory form one package; <c>deps/</c> sub-folders (or single files directly in <c>deps/</c>) are dependency packages.
    /// </summary>
    public static class WitResolver
    {
        private static readonly UTF8Encoding LenientUtf8 = new UTF8Encoding(false, false);
        private static readonly UTF8Encoding StrictUtf8 = new UTF8Encoding(false, true);

        /// <summary>Parses and resolves in-memory sources, with no <c>@unstable</c> feature enabled. Never throws on bad input: problems are returned as diagnostics.</summary>
        /// <exception cref="ArgumentNullException">When <paramref name="sources"/> is null.</exception>
        public static WitResolution Resolve(IEnumerable<WitSource> sources) => Resolve(sources, Array.Empty<string>());

        /// <summary>
        /// Parses and resolves in-memory sources with the <c>@unstable</c> features <paramref name="features"/> enabled (as
        /// wit-parser's <c>--features</c>): items they gate are kept like stable ones; items gated by other features are
        /// dropped. Never throws on bad input: problems are returned as diagnostics.
        /// </summary>
        /// <exception cref="ArgumentNullException">When <paramref name="sources"/> or <paramref name="features"/> is null.</exception>
        public static WitResolution Resolve(IEnumerable<WitSource> sources, IEnumerable<string> features)
        {
            if (sources == null)
            {
                throw new ArgumentNullException(nameof(sources));
            }

            if (features == null)
            {
                throw new ArgumentNullException(nameof(features));
            }

            return new PackageSetResolver(sources.ToList(), new FeatureGates(features)).Resolve();
        }

        /// <summary>
        /// Reads a list of <c>@unstable</c> feature names as build settings write it (wit-bindgen's <c>--features</c>, the
        /// <c>WitSharpWitFeatures</c> MSBuild property): separated by commas, semicolons or white space, possibly repeated.
        /// </summary>
        /// <param name="list">The list, or null for none.</param>
        /// <returns>The distinct names in ordinal order.</returns>
        public static IReadOnlyList<string> ParseFeatureList(string? list) =>
            (list ?? "").Split(new[] { ',', ';', ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries)
                .Distinct(StringComparer.Ordinal).OrderBy(feature => feature, StringComparer.Ordinal).ToList();

        /// <summary>
        /// Reads a package from disk: a single <c>.wit</c> file, or a directory's <c>.wit</c> files plus its <c>deps/</c> packages, then resolves them.
        /// Unreadable or non-UTF-8 files become diagnostics.
        /// </summary>
        /// <exception cref="ArgumentNullException">When <paramref name="path"/> is null.</exception>
        public static WitResolution ResolvePath(string path) => ResolvePath(path, Array.Empty<string>());

        /// <summary>As <see cref="ResolvePath(string)"/>, with the <c>@unstable</c> features <paramref name="features"/> enabled (see <see cref="Resolve(IEnumerable{WitSource}, IEnumerable{string})"/>).</summary>
        /// <exception cref="ArgumentNullException">When <paramref name="path"/> or <paramref name="features"/> is null.</exception>
        public static WitResolution ResolvePath(string path, IEnumerable<string> features)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            if (features == null)
            {
                throw new ArgumentNullException(nameof(features));
            }

            var sources = new List<WitSource>();
            var diagnostics = new List<WitDiagnostic>();
            if (Directory.Exists(path))
            {
                AddDirectory(path, sources, diagnostics);
                var deps = Path.Combine(path, "deps");
                if (Directory.Exists(deps))
                {
                    foreach (var file in Directory.GetFiles(deps, "*.wit").OrderBy(f => f, StringComparer.Ordinal))
                    {
                        AddFile(file, sources, diagnostics);
                    }

                    foreach (var dir in Directory.GetDirectories(deps).OrderBy(f => f, StringComparer.Ordinal))
                    {
                        AddDirectory(dir, sources, diagnostics);
                    }
                }
            }
            else
            {
                AddFile(path, sources, diagnostics);
            }

            var resolution = Resolve(sources, features);
            if (diagnostics.Count == 0)
            {
                return resolution;
            }

            return new WitResolution(resolution.Packages, resolution.RootPackages, diagnostics.Concat(resolution.Diagnostics).ToList(), resolution.UnusedFeatures);
        }

        private static void AddDirectory(string directory, List<WitSource> sources, List<WitDiagnostic> diagnostics)
        {
            foreach (var file in Directory.GetFiles(directory, "*.wit").OrderBy(f => f, StringComparer.Ordinal))
            {
                AddFile(file, sources, diagnostics);
            }
        }

        private static void AddFile(string file, List<WitSource> sources, List<WitDiagnostic> diagnostics)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(file);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is NotSupportedException || e is ArgumentException)
            {
                diagnostics.Add(WitDiagnosticDescriptors.CouldNotReadFile.Create(null, file, e.Message));
                return;
            }

            var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
            try
            {
                sources.Add(new WitSource(file, StrictUtf8.GetString(bytes, start, bytes.Length - start)) { HasGenuineReplacementCharacters = true });
            }
            catch (DecoderFallbackException)
            {
                // Lenient decoding turns invalid sequences into U+FFFD, which the lexer reports at their position, exactly as for text that came through Roslyn.
                sources.Add(new WitSource(file, LenientUtf8.GetString(bytes, start, bytes.Length - start)));
            }
        }
    }
}
