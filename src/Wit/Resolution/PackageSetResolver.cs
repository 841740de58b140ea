using System.Collections.Generic;
using WitSharp.Wit.Syntax;

namespace WitSharp.Wit.Resolution
{
    /// <summary>Groups sources into packages, parses them and resolves names across packages.</summary>
    internal sealed class PackageSetResolver
    {
        private readonly IReadOnlyList<WitSource> _sources;
        private readonly List<WitDiagnostic> _diagnostics = new List<WitDiagnostic>();

        public PackageSetResolver(IReadOnlyList<WitSource> sources) => _sources = sources;

        public WitResolution Resolve()
        {
            if (_sources.Count == 0)
            {
                _diagnostics.Add(WitDiagnosticDescriptors.NoSources.Create(null));
            }

            foreach (var source in _sources)
            {
                Lexer.Tokenize(new SourceText(source), _diagnostics);
            }

            return new WitResolution(new List<WitPackage>(), new List<WitPackage>(), _diagnostics);
        }
    }
}
