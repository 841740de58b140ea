using System.Collections.Generic;

namespace WitSharp.Wit
{
    /// <summary>A resolved WIT type: a primitive, an anonymous compound (list, tuple, option, result, handle) or a named <see cref="WitTypeDefinition"/>.</summary>
    public abstract class WitType
    {
        private protected WitType()
        {
        }

        /// <summary>Follows type aliases (including <c>use</c>d names) to the type they stand for; other types return themselves.</summary>
        public WitType Unalias()
        {
            WitType type = this;
            while (type is WitTypeAlias alias)
            {
                type = alias.Target;
            }

            return type;
        }
    }

    /// <summary>The built-in scalar and string types.</summary>
    public enum WitPrimitiveKind
    {
        /// <summary><c>bool</c></summary>
        Bool,
        /// <summary><c>s8</c></summary>
        S8,
        /// <summary><c>u8</c></summary>
        U8,
        /// <summary><c>s16</c></summary>
        S16,
        /// <summary><c>u16</c></summary>
        U16,
        /// <summary><c>s32</c></summary>
        S32,
        /// <summary><c>u32</c></summary>
        U32,
        /// <summary><c>s64</c></summary>
        S64,
        /// <summary><c>u64</c></summary>
        U64,
        /// <summary><c>f32</c></summary>
        F32,
        /// <summary><c>f64</c></summary>
        F64,
        /// <summary><c>char</c>: a Unicode scalar value.</summary>
        Char,
        /// <summary><c>string</c></summary>
        String,
    }

    /// <summary>A built-in primitive type; one shared instance per kind.</summary>
    public sealed class WitPrimitiveType : WitType
    {
        private static readonly WitPrimitiveType[] Instances = CreateInstances();

        private WitPrimitiveType(WitPrimitiveKind kind) => Kind = kind;

        /// <summary>Which primitive this is.</summary>
        public WitPrimitiveKind Kind { get; }

        /// <summary>The shared instance for <paramref name="kind"/>.</summary>
        public static WitPrimitiveType Get(WitPrimitiveKind kind) => Instances[(int)kind];

        /// <summary>The WIT spelling, e.g. <c>u32</c>.</summary>
        public override string ToString() => Kind.ToString().ToLowerInvariant();

        private static WitPrimitiveType[] CreateInstances()
        {
            var all = new WitPrimitiveType[(int)WitPrimitiveKind.String + 1];
            for (var i = 0; i < all.Length; i++)
            {
                all[i] = new WitPrimitiveType((WitPrimitiveKind)i);
            }

            return all;
        }
    }

    /// <summary><c>list&lt;T&gt;</c></summary>
    public sealed class WitListType : WitType
    {
        internal WitListType(WitType element) => Element = element;

        /// <summary>The element type.</summary>
        public WitType Element { get; }
    }

    /// <summary><c>tuple&lt;T1, T2, ...&gt;</c> (at least one element).</summary>
    public sealed class WitTupleType : WitType
    {
        internal WitTupleType(IReadOnlyList<WitType> elements) => Elements = elements;

        /// <summary>The element types in order.</summary>
        public IReadOnlyList<WitType> Elements { get; }
    }

    /// <summary><c>option&lt;T&gt;</c></summary>
    public sealed class WitOptionType : WitType
    {
        internal WitOptionType(WitType payload) => Payload = payload;

        /// <summary>The type of the <c>some</c> case.</summary>
        public WitType Payload { get; }
    }

    /// <summary><c>result</c>, <c>result&lt;T&gt;</c>, <c>result&lt;_, E&gt;</c> or <c>result&lt;T, E&gt;</c>.</summary>
    public sealed class WitResultType : WitType
    {
        internal WitResultType(WitType? ok, WitType? error)
        {
            Ok = ok;
            Error = error;
        }

        /// <summary>The <c>ok</c> payload, or null when absent.</summary>
        public WitType? Ok { get; }

        /// <summary>The <c>error</c> payload, or null when absent.</summary>
        public WitType? Error { get; }
    }

    /// <summary>Whether a handle owns its resource or borrows it for the duration of a call.</summary>
    public enum WitHandleKind
    {
        /// <summary><c>own&lt;R&gt;</c>, or a bare resource name.</summary>
        Own,
        /// <summary><c>borrow&lt;R&gt;</c>: only valid in parameters.</summary>
        Borrow,
    }

    /// <summary>A handle to a resource: <c>own&lt;R&gt;</c> (also written plainly <c>R</c>) or <c>borrow&lt;R&gt;</c>.</summary>
    public sealed class WitHandleType : WitType
    {
        internal WitHandleType(WitResourceType resource, WitHandleKind kind)
        {
            Resource = resource;
            Kind = kind;
        }

        /// <summary>The resource definition (aliases already followed).</summary>
        public WitResourceType Resource { get; }

        /// <summary>Own or borrow.</summary>
        public WitHandleKind Kind { get; }
    }

    /// <summary>A named type declared in an interface or world: record, variant, enum, flags, resource or alias.</summary>
    public abstract class WitTypeDefinition : WitType
    {
        private protected WitTypeDefinition(string name, WitDocumentedItemInfo info)
        {
            Name = name;
            Docs = info.Docs;
            Stability = info.Stability;
            Location = info.Location;
        }

        /// <summary>The kebab-case name (without any <c>%</c> escape).</summary>
        public string Name { get; }

        /// <summary>The interface or world that declares this type.</summary>
        public WitTypeOwner Owner { get; internal set; } = null!;

        /// <summary>Doc comment text (<c>///</c> or <c>/** */</c>), or null.</summary>
        public string? Docs { get; }

        /// <summary>The feature gates on the declaration.</summary>
        public WitStability Stability { get; }

        /// <summary>Where the type is declared.</summary>
        public WitLocation Location { get; }

        /// <summary>The name, for debugging.</summary>
        public override string ToString() => Name;
    }

    /// <summary>A named field of a record.</summary>
    public sealed class WitField
    {
        internal WitField(string name, WitType type, string? docs)
        {
            Name = name;
            Type = type;
            Docs = docs;
        }

        /// <summary>The kebab-case field name.</summary>
        public string Name { get; }

        /// <summary>The field's type.</summary>
        public WitType Type { get; }

        /// <summary>Doc comment text, or null.</summary>
        public string? Docs { get; }
    }

    /// <summary><c>record name { field: type, ... }</c></summary>
    public sealed class WitRecordType : WitTypeDefinition
    {
        internal WitRecordType(string name, WitDocumentedItemInfo info) : base(name, info)
        {
        }

        /// <summary>The fields in declaration order (at least one).</summary>
        public IReadOnlyList<WitField> Fields { get; internal set; } = new WitField[0];
    }

    /// <summary>One case of a variant, with an optional payload.</summary>
    public sealed class WitVariantCase
    {
        internal WitVariantCase(string name, WitType? type, string? docs)
        {
            Name = name;
            Type = type;
            Docs = docs;
        }

        /// <summary>The kebab-case case name.</summary>
        public string Name { get; }

        /// <summary>The payload type, or null for a case without payload.</summary>
        public WitType? Type { get; }

        /// <summary>Doc comment text, or null.</summary>
        public string? Docs { get; }
    }

    /// <summary><c>variant name { case, case(type), ... }</c></summary>
    public sealed class WitVariantType : WitTypeDefinition
    {
        internal WitVariantType(string name, WitDocumentedItemInfo info) : base(name, info)
        {
        }

        /// <summary>The cases in declaration order; a case's index is its discriminant.</summary>
        public IReadOnlyList<WitVariantCase> Cases { get; internal set; } = new WitVariantCase[0];
    }

    /// <summary>A named member of an enum or flags type.</summary>
    public sealed class WitNamedMember
    {
        internal WitNamedMember(string name, string? docs)
        {
            Name = name;
            Docs = docs;
        }

        /// <summary>The kebab-case name.</summary>
        public string Name { get; }

        /// <summary>Doc comment text, or null.</summary>
        public string? Docs { get; }
    }

    /// <summary><c>enum name { a, b, ... }</c></summary>
    public sealed class WitEnumType : WitTypeDefinition
    {
        internal WitEnumType(string name, WitDocumentedItemInfo info, IReadOnlyList<WitNamedMember> cases) : base(name, info) => Cases = cases;

        /// <summary>The cases in order; a case's index is its discriminant.</summary>
        public IReadOnlyList<WitNamedMember> Cases { get; }
    }

    /// <summary><c>flags name { a, b, ... }</c> (1 to 32 flags).</summary>
    public sealed class WitFlagsType : WitTypeDefinition
    {
        internal WitFlagsType(string name, WitDocumentedItemInfo info, IReadOnlyList<WitNamedMember> flags) : base(name, info) => Flags = flags;

        /// <summary>The flags in order; flag <c>i</c> is bit <c>i</c>.</summary>
        public IReadOnlyList<WitNamedMember> Flags { get; }
    }

    /// <summary><c>resource name { constructor(...); method: func(...); fn: static func(...); }</c></summary>
    public sealed class WitResourceType : WitTypeDefinition
    {
        internal WitResourceType(string name, WitDocumentedItemInfo info) : base(name, info)
        {
        }

        /// <summary>The constructor, or null when the resource declares none.</summary>
        public WitFunction? Constructor { get; internal set; }

        /// <summary>Methods (their first parameter is <c>self: borrow&lt;name&gt;</c>) and static functions, in declaration order.</summary>
        public IReadOnlyList<WitFunction> Functions { get; internal set; } = new WitFunction[0];
    }

    /// <summary><c>type name = T;</c>, or a name brought in by <c>use</c> (then <see cref="Target"/> is the used definition).</summary>
    public sealed class WitTypeAlias : WitTypeDefinition
    {
        internal WitTypeAlias(string name, WitDocumentedItemInfo info, bool isUse) : base(name, info) => IsUse = isUse;

        /// <summary>The aliased type.</summary>
        public WitType Target { get; internal set; } = null!;

        /// <summary>True when this name was introduced by a <c>use</c> statement rather than a <c>type</c> declaration.</summary>
        public bool IsUse { get; }
    }
}
