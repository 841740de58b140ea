using System.Collections.Generic;
using WitSharp.Wit.Syntax;

namespace WitSharp.Wit.Resolution
{
    /// <summary>The names declared in one interface or world.</summary>
    internal sealed class Scope
    {
        public Scope(WitTypeOwner owner, SourceText source)
        {
            Owner = owner;
            Source = source;
        }

        public WitTypeOwner Owner { get; }
        public SourceText Source { get; }

        /// <summary>True while resolving an item (type, function, use) that is itself gated off by <c>@unstable</c>.</summary>
        public bool ItemIsUnstable { get; set; }

        /// <summary>Named types in declaration order.</summary>
        public List<WitTypeDefinition> Types { get; } = new List<WitTypeDefinition>();

        public Dictionary<string, WitTypeDefinition> TypesByName { get; } = new Dictionary<string, WitTypeDefinition>();

        /// <summary>Every name taken in this scope (types and functions); the component model compares names without case.</summary>
        public HashSet<string> Names { get; } = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);

        /// <summary>Names whose declaration already failed; references to them are not reported again.</summary>
        public HashSet<string> Poisoned { get; } = new HashSet<string>();

        /// <summary>Aliases whose target is not resolved yet, with their declaration.</summary>
        public Dictionary<WitTypeAlias, AstAlias> PendingAliases { get; } = new Dictionary<WitTypeAlias, AstAlias>();

        /// <summary>Aliases being resolved right now (to detect <c>type a = b; type b = a;</c>).</summary>
        public HashSet<WitTypeAlias> ResolvingAliases { get; } = new HashSet<WitTypeAlias>();
    }
}
