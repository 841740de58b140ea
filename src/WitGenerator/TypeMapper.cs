using System;
using System.Collections.Generic;
using System.Linq;
using WitSharp.Wit;

namespace WitSharp.WitGenerator
{
    /// <summary>
    /// C# names for a world's WIT types: named definitions get unique PascalCase names in the world class (a clash takes the
    /// declaring interface's name as prefix, then a number), anonymous types map to C# forms (list → IReadOnlyList or byte[],
    /// tuple → ValueTuple, option → nullable or Option&lt;T&gt; when nested, result → Result&lt;TOk, TErr&gt;).
    /// </summary>
    internal sealed class TypeMapper
    {
        private const string ListType = "global::System.Collections.Generic.IReadOnlyList<";

        private readonly Dictionary<WitTypeDefinition, string> names = new Dictionary<WitTypeDefinition, string>();
        private readonly Dictionary<WitVariantType, Dictionary<WitVariantCase, string>> caseNames = new Dictionary<WitVariantType, Dictionary<WitVariantCase, string>>();
        private readonly Dictionary<WitRecordType, Dictionary<WitField, string>> fieldNames = new Dictionary<WitRecordType, Dictionary<WitField, string>>();

        private readonly Dictionary<WitResourceType, HostResource> resources = new Dictionary<WitResourceType, HostResource>();
        private readonly Dictionary<WitResourceType, GuestResource> guestResources = new Dictionary<WitResourceType, GuestResource>();

        // The component's type of a resource whose interface the world both imports and exports, and of a record or variant
        // holding handles of such a resource (names holds the host's).
        private readonly Dictionary<WitTypeDefinition, string> exportedNames = new Dictionary<WitTypeDefinition, string>();
        private readonly HashSet<WitTypeDefinition> twoSided = new HashSet<WitTypeDefinition>();

        // The world class's full name with global:: and a trailing dot, e.g. global::App.Outer.World.
        private readonly string worldClass;

        // Written before the world's own type names while Qualified(type) runs; empty otherwise.
        private string qualifier = "";

        public TypeMapper(string worldClass)
        {
            this.worldClass = worldClass;
        }

        /// <summary>
        /// True while writing the component's side (the export proxies and the component's resource classes): a resource of
        /// an interface the world both imports and exports is then the component's type, otherwise the host's.
        /// </summary>
        public bool ExportSide { get; set; }

        public bool UsesOption { get; private set; }

        public bool UsesResult { get; private set; }

        public bool UsesUnit { get; private set; }

        public void Name(WitTypeDefinition definition, NameScope scope)
        {
            var ownerPrefix = definition.Owner.Name == null ? null : Naming.Pascal(definition.Owner.Name);
            var resource = definition as WitResourceType;
            var name = resource != null && resources.ContainsKey(resource)
                ? scope.Claim("I" + Naming.Pascal(definition.Name), "I" + ownerPrefix, null)
                : scope.Claim(Naming.Pascal(definition.Name), ownerPrefix);
            names.Add(definition, name);
            switch (definition)
            {
                case WitVariantType variant:
                    var cases = new NameScope(Naming.ObjectMembers.Concat(new[] { name, "Value" }));
                    caseNames.Add(variant, variant.Cases.ToDictionary(c => c, c => cases.Claim(Naming.Pascal(c.Name), null, "Case")));
                    break;
                case WitRecordType record:
                    var fields = new NameScope(Naming.ObjectMembers.Concat(new[] { name }));
                    fieldNames.Add(record, record.Fields.ToDictionary(f => f, f => fields.Claim(Naming.Pascal(f.Name), null, "Value")));
                    break;
            }
        }

        /// <summary>
        /// Names the component's side of a definition that has two (a resource of an interface the world both imports and
        /// exports, a record or variant holding its handles), after <see cref="Name"/> has named every definition, so the
        /// generated names never take a name the WIT gives another type.
        /// </summary>
        public void NameComponentSide(WitTypeDefinition definition, NameScope scope)
        {
            var ownerPrefix = definition.Owner.Name == null ? null : Naming.Pascal(definition.Owner.Name);
            if (definition is WitResourceType resource && IsImportedAndExported(resource))
            {
                exportedNames.Add(resource, scope.Claim(Naming.Pascal(definition.Name), ownerPrefix));
            }
            else if (twoSided.Contains(definition))
            {
                exportedNames.Add(definition, scope.Claim("Exported" + Naming.Pascal(definition.Name), ownerPrefix));
            }
        }

        /// <summary>
        /// Registers a record or variant holding handles of a resource whose interface the world both imports and exports
        /// (before <see cref="Name"/>): it gets a second C# type for the component's side, <c>ExportedR</c>, whose handles are
        /// the component's resource type.
        /// </summary>
        public void AddTwoSided(WitTypeDefinition definition) => twoSided.Add(definition);

        /// <summary>True for a record or variant registered with <see cref="AddTwoSided"/>.</summary>
        public bool IsTwoSided(WitTypeDefinition definition) => twoSided.Contains(definition);

        /// <summary>
        /// Registers a host-implemented resource: the imported interface defining it (null for a resource the world declares
        /// and imports itself) and the static store of its host objects.
        /// </summary>
        public void AddHostResource(WitResourceType resource, string? instanceName)
        {
            resources.Add(resource, new HostResource(instanceName, resource.Name, "_resource" + Naming.Int(resources.Count)));
        }

        public HostResource Resource(WitResourceType resource) => resources[resource];

        /// <summary>
        /// Registers a component-implemented resource: the exported interface defining it (its handle table key prefix).
        /// Registered after <see cref="AddHostResource"/> for the same resource, it is the component's own type of an interface
        /// the world both imports and exports.
        /// </summary>
        public void AddGuestResource(WitResourceType resource, string instanceName)
        {
            guestResources.Add(resource, new GuestResource((resources.ContainsKey(resource) ? "[export]" : "") + instanceName + "#" + resource.Name));
        }

        /// <summary>True when handles of <paramref name="resource"/> are the component's on the side being written (see <see cref="ExportSide"/>).</summary>
        public bool IsGuestResource(WitResourceType resource) => guestResources.ContainsKey(resource) && (ExportSide || !resources.ContainsKey(resource));

        /// <summary>True for a resource of an interface the world both imports and exports: the host and the component each have one.</summary>
        public bool IsImportedAndExported(WitResourceType resource) => resources.ContainsKey(resource) && guestResources.ContainsKey(resource);

        public GuestResource Guest(WitResourceType resource) => guestResources[resource];

        /// <summary>
        /// While an export proxy is written: the proxies of other exported interfaces it reaches (by proxy class), as
        /// expressions of that proxy; a resource of the proxy's own interface uses <c>this</c>.
        /// </summary>
        public IReadOnlyDictionary<string, string> ForeignProxies { get; set; } = new Dictionary<string, string>();

        /// <summary>The proxy a component resource's handle is tied to, as an expression inside the export proxy being written.</summary>
        public string ProxyOf(WitResourceType resource) =>
            ForeignProxies.TryGetValue(Guest(resource).ProxyClass, out var proxy) ? proxy : "this";

        public IEnumerable<KeyValuePair<WitResourceType, HostResource>> HostResources => resources;

        public string CaseName(WitVariantType variant, WitVariantCase variantCase) => caseNames[variant][variantCase];

        public string FieldName(WitRecordType record, WitField field) => fieldNames[record][field];

        public static bool IsBytes(WitType element) => element.Unalias() is WitPrimitiveType primitive && primitive.Kind == WitPrimitiveKind.U8;

        /// <summary>True for <c>option&lt;option&lt;T&gt;&gt;</c>: C# cannot nest <c>T??</c>, so the outer option is an <c>Option&lt;T&gt;</c>.</summary>
        public static bool NeedsOptionWrapper(WitOptionType option) => option.Payload.Unalias() is WitOptionType;

        /// <summary>
        /// As <see cref="Of(WitType)"/>, with the world's own types written through the world class's full name: inside a
        /// variant a case record named like a type of the world hides it, and inside the export proxies a property or method
        /// named like a type hides it in expressions (<c>Counter._Borrow(..)</c>).
        /// </summary>
        public string Qualified(WitType type)
        {
            qualifier = worldClass;
            try
            {
                return Of(type);
            }
            finally
            {
                qualifier = "";
            }
        }

        /// <summary>True when <paramref name="name"/> is the C# name of one of the world's types (after <see cref="Name"/>).</summary>
        public bool IsTypeName(string name) => names.ContainsValue(name) || exportedNames.ContainsValue(name);

        /// <summary>True when a case record of <paramref name="variant"/> is named like a type of the world, which it hides inside the variant.</summary>
        public bool CaseHidesWorldType(WitVariantType variant) =>
            caseNames[variant].Values.Any(c => c == "Result" || c == "Option" || c == "Unit" || IsTypeName(c));

        public string Of(WitType type)
        {
            switch (type)
            {
                case WitTypeAlias alias:
                    return Of(alias.Target);
                case WitResourceType resource:
                    return ResourceName(resource);
                case WitTypeDefinition definition:
                    return qualifier + (ExportSide && exportedNames.TryGetValue(definition, out var exported) ? exported : names[definition]);
                case WitPrimitiveType primitive:
                    return Primitive(primitive.Kind);
                case WitListType list:
                    return IsBytes(list.Element) ? "byte[]" : ListType + Of(list.Element) + ">";
                case WitTupleType tuple:
                    return tuple.Elements.Count == 1
                        ? "global::System.ValueTuple<" + Of(tuple.Elements[0]) + ">"
                        : "(" + string.Join(", ", tuple.Elements.Select(Of)) + ")";
                case WitOptionType option:
                    if (NeedsOptionWrapper(option))
                    {
                        UsesOption = true;
                        return qualifier + "Option<" + Of(option.Payload) + ">";
                    }

                    return Of(option.Payload) + "?";
                case WitHandleType handle:
                    return ResourceName(handle.Resource);
                case WitResultType result:
                    UsesResult = true;
                    return qualifier + "Result<" + OrUnit(result.Ok) + ", " + OrUnit(result.Error) + ">";
                default:
                    throw new NotSupportedException("no C# type for " + type);
            }
        }

        private string ResourceName(WitResourceType resource) =>
            qualifier + (IsGuestResource(resource) && exportedNames.TryGetValue(resource, out var exported) ? exported : names[resource]);

        private string OrUnit(WitType? type)
        {
            if (type != null)
            {
                return Of(type);
            }

            UsesUnit = true;
            return qualifier + "Unit";
        }

        private static string Primitive(WitPrimitiveKind kind)
        {
            switch (kind)
            {
                case WitPrimitiveKind.Bool: return "bool";
                case WitPrimitiveKind.S8: return "sbyte";
                case WitPrimitiveKind.U8: return "byte";
                case WitPrimitiveKind.S16: return "short";
                case WitPrimitiveKind.U16: return "ushort";
                case WitPrimitiveKind.S32: return "int";
                case WitPrimitiveKind.U32: return "uint";
                case WitPrimitiveKind.S64: return "long";
                case WitPrimitiveKind.U64: return "ulong";
                case WitPrimitiveKind.F32: return "float";
                case WitPrimitiveKind.F64: return "double";
                case WitPrimitiveKind.Char: return "global::System.Text.Rune";
                default: return "string";
            }
        }
        }

    /// <summary>A resource the component implements: its handle table key and the proxy class its handles call.</summary>
    internal sealed class GuestResource
    {
        public GuestResource(string key)
        {
            Key = key;
        }

        /// <summary>
        /// The handle table key, "&lt;exported interface&gt;#&lt;resource&gt;"; "[export]&lt;interface&gt;#&lt;resource&gt;" when the
        /// world also imports the interface, whose resource of the same name is the host's (another type, another table).
        /// </summary>
        public string Key { get; }

        /// <summary>The nested proxy class of the exported interface (<c>Exports.FooExports</c>), set when the proxies are named.</summary>
        public string ProxyClass { get; set; } = "";
    }

    /// <summary>A resource the host implements: the imported interface defining it and the generated store of its objects.</summary>
    internal sealed class HostResource
    {
        public HostResource(string? instanceName, string name, string store)
        {
            InstanceName = instanceName;
            Key = instanceName == null ? name : instanceName + "#" + name;
            Store = store;
        }

        /// <summary>The imported interface, or null for a resource the world imports directly (a <c>$root</c> import).</summary>
        public string? InstanceName { get; }

        /// <summary>
        /// The handle table key: "&lt;interface&gt;#&lt;resource&gt;", or just the resource's name for a world-level resource,
        /// which a component imports as a top-level type named like the resource.
        /// </summary>
        public string Key { get; }

        public string Store { get; }
    }
}
