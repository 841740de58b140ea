using System.Collections.Generic;
using System.Linq;

namespace WitSharp.Wit
{
    /// <summary>Docs, gates and location shared by every declared item.</summary>
    internal readonly struct WitDocumentedItemInfo
    {
        public WitDocumentedItemInfo(string? docs, WitStability stability, WitLocation location)
        {
            Docs = docs;
            Stability = stability;
            Location = location;
        }

        public string? Docs { get; }
        public WitStability Stability { get; }
        public WitLocation Location { get; }
    }

    /// <summary>The feature gates of an item: <c>@since(version = ..)</c>, <c>@unstable(feature = ..)</c>, <c>@deprecated(version = ..)</c>.</summary>
    public sealed class WitStability
    {
        /// <summary>No gate at all.</summary>
        public static readonly WitStability Unknown = new WitStability(null, null, null);

        internal WitStability(string? since, string? unstableFeature, string? deprecated)
        {
            Since = since;
            UnstableFeature = unstableFeature;
            Deprecated = deprecated;
        }

        /// <summary>The version from <c>@since</c>, or null.</summary>
        public string? Since { get; }

        /// <summary>The feature name from <c>@unstable</c>, or null.</summary>
        public string? UnstableFeature { get; }

        /// <summary>The version from <c>@deprecated</c>, or null.</summary>
        public string? Deprecated { get; }

        /// <summary>True when no gate is present.</summary>
        public bool IsUnknown => Since == null && UnstableFeature == null && Deprecated == null;
    }

    /// <summary>A package name: <c>namespace:name@version</c>.</summary>
    public sealed class WitPackageName
    {
        internal WitPackageName(string @namespace, string name, string? version)
        {
            Namespace = @namespace;
            Name = name;
            Version = version;
        }

        /// <summary>The namespace, e.g. <c>wasi</c>.</summary>
        public string Namespace { get; }

        /// <summary>The package name, e.g. <c>clocks</c>.</summary>
        public string Name { get; }

        /// <summary>The semantic version text, or null.</summary>
        public string? Version { get; }

        /// <summary>Formats as <c>namespace:name</c> plus <c>@version</c> when present.</summary>
        public override string ToString() => Namespace + ":" + Name + (Version == null ? "" : "@" + Version);

        /// <summary>The name of an interface or world of this package as the component model spells it: <c>ns:pkg/item@version</c>.</summary>
        public string Qualify(string item) => Namespace + ":" + Name + "/" + item + (Version == null ? "" : "@" + Version);
    }

    /// <summary>A resolved package: its interfaces and worlds.</summary>
    public sealed class WitPackage
    {
        internal WitPackage(WitPackageName name, string? docs)
        {
            Name = name;
            Docs = docs;
        }

        /// <summary>The package name.</summary>
        public WitPackageName Name { get; }

        /// <summary>Doc comment of the package declaration, or null.</summary>
        public string? Docs { get; }

        /// <summary>Named interfaces in declaration order (inline world interfaces are not listed here).</summary>
        public IReadOnlyList<WitInterface> Interfaces { get; internal set; } = new WitInterface[0];

        /// <summary>Worlds in declaration order.</summary>
        public IReadOnlyList<WitWorld> Worlds { get; internal set; } = new WitWorld[0];

        /// <summary>The named interface, or null.</summary>
        public WitInterface? FindInterface(string name) => Interfaces.FirstOrDefault(i => i.Name == name);

        /// <summary>The world, or null.</summary>
        public WitWorld? FindWorld(string name) => Worlds.FirstOrDefault(w => w.Name == name);

        /// <summary>The package name.</summary>
        public override string ToString() => Name.ToString();
    }

    /// <summary>What declares types: an interface or a world.</summary>
    public abstract class WitTypeOwner
    {
        private protected WitTypeOwner(string? name, WitPackage package, WitDocumentedItemInfo info)
        {
            Name = name;
            Package = package;
            Docs = info.Docs;
            Stability = info.Stability;
            Location = info.Location;
        }

        /// <summary>The kebab-case name; null for an inline interface of a world.</summary>
        public string? Name { get; }

        /// <summary>The package that declares this item.</summary>
        public WitPackage Package { get; }

        /// <summary>Doc comment text, or null.</summary>
        public string? Docs { get; }

        /// <summary>The feature gates on the declaration.</summary>
        public WitStability Stability { get; }

        /// <summary>Where the item is declared.</summary>
        public WitLocation Location { get; }

        /// <summary>Types declared here (including names brought in by <c>use</c>, as <see cref="WitTypeAlias"/> with <see cref="WitTypeAlias.IsUse"/>), in declaration order.</summary>
        public IReadOnlyList<WitTypeDefinition> Types { get; internal set; } = new WitTypeDefinition[0];

        /// <summary>The type declared here under <paramref name="name"/>, or null.</summary>
        public WitTypeDefinition? FindType(string name) => Types.FirstOrDefault(t => t.Name == name);
    }

    /// <summary>An interface: named (declared in a package) or inline (declared in a world's import/export).</summary>
    public sealed class WitInterface : WitTypeOwner
    {
        internal WitInterface(string? name, WitPackage package, WitDocumentedItemInfo info) : base(name, package, info)
        {
        }

        /// <summary>Freestanding functions in declaration order (resource functions live on <see cref="WitResourceType"/>).</summary>
        public IReadOnlyList<WitFunction> Functions { get; internal set; } = new WitFunction[0];

        /// <summary>The component-model name <c>ns:pkg/name@version</c>; null for an inline interface.</summary>
        public string? QualifiedName => Name == null ? null : Package.Name.Qualify(Name);

        /// <summary>The qualified name, or <c>(inline)</c>.</summary>
        public override string ToString() => QualifiedName ?? "(inline interface)";
    }

    /// <summary>A world: the imports and exports of a component.</summary>
    public sealed class WitWorld : WitTypeOwner
    {
        internal WitWorld(string name, WitPackage package, WitDocumentedItemInfo info) : base(name, package, info)
        {
        }

        /// <summary>The world name (never null for a world).</summary>
        public new string Name => base.Name!;

        /// <summary>The component-model name <c>ns:pkg/world@version</c>.</summary>
        public string QualifiedName => Package.Name.Qualify(Name);

        /// <summary>
        /// Imports: the world's own (functions of world-level resources first), then those of included worlds; an interface that a
        /// <c>use</c> depends on is inserted, marked <see cref="WitWorldInterfaceItem.IsImplicit"/>, before the first item needing it.
        /// </summary>
        public IReadOnlyList<WitWorldItem> Imports { get; internal set; } = new WitWorldItem[0];

        /// <summary>Exports: the world's own in declaration order, then those of included worlds.</summary>
        public IReadOnlyList<WitWorldItem> Exports { get; internal set; } = new WitWorldItem[0];

        /// <summary>The qualified name.</summary>
        public override string ToString() => QualifiedName;
    }

    /// <summary>One import or export of a world.</summary>
    public abstract class WitWorldItem
    {
        private protected WitWorldItem(string key, WitStability stability, string? docs)
        {
            Key = key;
            Stability = stability;
            Docs = docs;
        }

        /// <summary>The component import/export name: a plain kebab name (<c>log</c>, an inline interface's name) or a qualified interface name (<c>ns:pkg/iface@1.0.0</c>).</summary>
        public string Key { get; }

        /// <summary>Gates written on the import/export.</summary>
        public WitStability Stability { get; }

        /// <summary>Doc comment on the import/export, or null.</summary>
        public string? Docs { get; }
    }

    /// <summary>An interface imported or exported by a world.</summary>
    public sealed class WitWorldInterfaceItem : WitWorldItem
    {
        internal WitWorldInterfaceItem(string key, WitInterface @interface, bool isImplicit, WitStability stability, string? docs) : base(key, stability, docs)
        {
            Interface = @interface;
            IsImplicit = isImplicit;
        }

        /// <summary>The interface (named or inline).</summary>
        public WitInterface Interface { get; }

        /// <summary>True when the world did not name this interface but needs it because a <c>use</c> refers to it.</summary>
        public bool IsImplicit { get; }
    }

    /// <summary>A function imported or exported directly by a world.</summary>
    public sealed class WitWorldFunctionItem : WitWorldItem
    {
        internal WitWorldFunctionItem(WitFunction function, string? key = null) : base(key ?? function.Name, function.Stability, function.Docs) => Function = function;

        /// <summary>The function.</summary>
        public WitFunction Function { get; }
    }

    /// <summary>What a function is.</summary>
    public enum WitFunctionKind
    {
        /// <summary>A plain function of an interface or world.</summary>
        Freestanding,
        /// <summary>A resource constructor (<c>[constructor]r</c>).</summary>
        Constructor,
        /// <summary>A resource method (<c>[method]r.name</c>) whose first parameter is <c>self: borrow&lt;r&gt;</c>.</summary>
        Method,
        /// <summary>A resource static function (<c>[static]r.name</c>).</summary>
        Static,
    }

    /// <summary>A named function parameter.</summary>
    public sealed class WitParameter
    {
        internal WitParameter(string name, WitType type)
        {
            Name = name;
            Type = type;
        }

        /// <summary>The kebab-case name (<c>self</c> for a method's receiver).</summary>
        public string Name { get; }

        /// <summary>The parameter type.</summary>
        public WitType Type { get; }
    }

    /// <summary>A function, with resource sugar already expanded (method receivers are explicit, constructors return the handle).</summary>
    public sealed class WitFunction
    {
        internal WitFunction(string name, WitFunctionKind kind, WitResourceType? resource, WitDocumentedItemInfo info)
        {
            Name = name;
            Kind = kind;
            Resource = resource;
            Docs = info.Docs;
            Stability = info.Stability;
            Location = info.Location;
        }

        /// <summary>The name as written (<c>read</c>; for a constructor, the resource name).</summary>
        public string Name { get; }

        /// <summary>Freestanding, constructor, method or static.</summary>
        public WitFunctionKind Kind { get; }

        /// <summary>The interface or world that declares the function (for resource functions, the resource's owner).</summary>
        public WitTypeOwner Owner { get; internal set; } = null!;

        /// <summary>The resource a constructor/method/static belongs to; null for freestanding functions.</summary>
        public WitResourceType? Resource { get; }

        /// <summary>Parameters in order; a method's first parameter is <c>self: borrow&lt;resource&gt;</c>.</summary>
        public IReadOnlyList<WitParameter> Parameters { get; internal set; } = new WitParameter[0];

        /// <summary>The result type, or null when the function returns nothing. Constructors return <c>own&lt;resource&gt;</c> (or their written <c>result&lt;..&gt;</c>).</summary>
        public WitType? Result { get; internal set; }

        /// <summary>Doc comment text, or null.</summary>
        public string? Docs { get; }

        /// <summary>The feature gates on the declaration.</summary>
        public WitStability Stability { get; }

        /// <summary>Where the function is declared.</summary>
        public WitLocation Location { get; }

        /// <summary>The component-model function name: <c>name</c>, <c>[constructor]r</c>, <c>[method]r.name</c> or <c>[static]r.name</c>.</summary>
        public string CanonicalName
        {
            get
            {
                switch (Kind)
                {
                    case WitFunctionKind.Constructor: return "[constructor]" + Resource!.Name;
                    case WitFunctionKind.Method: return "[method]" + Resource!.Name + "." + Name;
                    case WitFunctionKind.Static: return "[static]" + Resource!.Name + "." + Name;
                    default: return Name;
                }
            }
        }

        /// <summary>The canonical name.</summary>
        public override string ToString() => CanonicalName;
    }
}
