using System.Collections.Generic;
using WitSharp.Wit.Syntax;

namespace WitSharp.Wit.Resolution
{
    /// <summary>A top-level item together with the file it was written in.</summary>
    internal sealed class SourcedItem
    {
        public SourcedItem(AstTopItem item, SourceText source)
        {
            Item = item;
            Source = source;
        }

        public AstTopItem Item { get; }
        public SourceText Source { get; }
    }

    /// <summary>The parsed items of one package (possibly spread over several files) before resolution.</summary>
    internal sealed class PackageUnit
    {
        public PackageUnit(AstPackageName name, SourceText nameSource, string? docs, bool isRoot)
        {
            Name = name;
            NameSource = nameSource;
            Docs = docs;
            IsRoot = isRoot;
        }

        public AstPackageName Name { get; }
        public SourceText NameSource { get; }
        public string? Docs { get; }
        public bool IsRoot { get; }
        public List<SourcedItem> Items { get; } = new List<SourcedItem>();
        public string Key => Name.ToString();
        public WitPackage? Package { get; set; }
    }
}
