using System.Text;
using WasmValueType = WitSharp.Wasm.ValueType;

namespace WitSharp.HostRuntime.Components;

/// <summary>A named field of a record, or a named parameter of a function.</summary>
/// <param name="Name">The field's or parameter's name.</param>
/// <param name="Type">Its type.</param>
public sealed record ComponentField(string Name, ComponentValueType Type);

/// <summary>A case of a variant.</summary>
/// <param name="Name">The case's name.</param>
/// <param name="Type">The payload type, or null when the case has none.</param>
public sealed record ComponentCase(string Name, ComponentValueType? Type);

/// <summary>
/// A WIT value type as an exported function of a running component declares it, with its Canonical ABI layout:
/// <see cref="ComponentFunction"/> checks, lowers and lifts <see cref="ComponentValue"/>s by it.
/// <see cref="ToString"/> writes it in WIT syntax (named types written out structurally).
/// </summary>
public sealed class ComponentValueType
{
    private IReadOnlyList<WasmValueType>? flat;

    private ComponentValueType(ComponentValueKind kind)
    {
        Kind = kind;
    }

    /// <summary>What kind of type this is.</summary>
    public ComponentValueKind Kind { get; }

    /// <summary>A record's fields; empty for other kinds.</summary>
    public IReadOnlyList<ComponentField> Fields { get; private init; } = [];

    /// <summary>A variant's cases; for an option <c>none</c>, <c>some</c>; for a result <c>ok</c>, <c>error</c>;
    /// for an enum its cases without payloads; empty for other kinds.</summary>
    public IReadOnlyList<ComponentCase> Cases { get; private init; } = [];

    /// <summary>A tuple's element types; empty for other kinds.</summary>
    public IReadOnlyList<ComponentValueType> Elements { get; private init; } = [];

    /// <summary>A flags type's flag names; empty for other kinds.</summary>
    public IReadOnlyList<string> FlagNames { get; private init; } = [];

    /// <summary>A list's element type or an option's payload type; null for other kinds.</summary>
    public ComponentValueType? Element { get; private init; }

    /// <summary>The runtime resource an <c>own</c>/<c>borrow</c> refers to (table key and whether the component defines it).</summary>
    internal IResourceType? Resource { get; private init; }

    /// <summary>The Canonical ABI byte size of a value of this type in memory.</summary>
    internal int Size { get; private set; }

    /// <summary>The Canonical ABI alignment of a value of this type in memory.</summary>
    internal int Alignment { get; private set; }

    /// <summary>For variants (and enum, option, result): the byte size of the discriminant.</summary>
    internal int DiscriminantSize { get; private set; }

    /// <summary>For variants: the offset of the payload after the discriminant.</summary>
    internal int PayloadOffset { get; private set; }

    /// <summary>For records and tuples: each member's byte offset.</summary>
    internal int[] Offsets { get; private set; } = [];

    /// <summary>The core value types a value flattens to (CanonicalABI.md's <c>flatten_type</c>).</summary>
    internal IReadOnlyList<WasmValueType> Flat => flat ??= Flatten();

    internal static ComponentValueType Primitive(ComponentValueKind kind)
    {
        var type = new ComponentValueType(kind);
        (type.Size, type.Alignment) = kind switch
        {
            ComponentValueKind.Bool or ComponentValueKind.S8 or ComponentValueKind.U8 => (1, 1),
            ComponentValueKind.S16 or ComponentValueKind.U16 => (2, 2),
            ComponentValueKind.S64 or ComponentValueKind.U64 or ComponentValueKind.F64 => (8, 8),
            ComponentValueKind.String => (8, 4),
            _ => (4, 4),
        };
        return type;
    }

    internal static ComponentValueType List(ComponentValueType element) => new(ComponentValueKind.List) { Element = element, Size = 8, Alignment = 4 };

    internal static ComponentValueType Handle(ComponentValueKind kind, IResourceType resource) => new(kind) { Resource = resource, Size = 4, Alignment = 4 };

    internal static ComponentValueType Record(IReadOnlyList<ComponentField> fields) =>
        Laid(new ComponentValueType(ComponentValueKind.Record) { Fields = fields }, fields.Select(f => f.Type));

    internal static ComponentValueType Tuple(IReadOnlyList<ComponentValueType> elements) =>
        Laid(new ComponentValueType(ComponentValueKind.Tuple) { Elements = elements }, elements);

    internal static ComponentValueType Variant(ComponentValueKind kind, IReadOnlyList<ComponentCase> cases)
    {
        var type = new ComponentValueType(kind) { Cases = cases, Element = kind == ComponentValueKind.Option ? cases[1].Type : null };
        type.DiscriminantSize = cases.Count <= 1 << 8 ? 1 : cases.Count <= 1 << 16 ? 2 : 4;
        var payloadAlignment = cases.Max(c => c.Type?.Alignment ?? 1);
        type.PayloadOffset = AlignTo(type.DiscriminantSize, payloadAlignment);
        type.Alignment = Math.Max(type.DiscriminantSize, payloadAlignment);
        type.Size = AlignTo(type.PayloadOffset + cases.Max(c => c.Type?.Size ?? 0), type.Alignment);
        return type;
    }

    internal static ComponentValueType Flags(IReadOnlyList<string> names)
    {
        var type = new ComponentValueType(ComponentValueKind.Flags) { FlagNames = names };
        // TypeReader admits 1 to 32 flags, so one byte, half-word or word holds them.
        (type.Size, type.Alignment) = names.Count switch
        {
            <= 8 => (1, 1),
            <= 16 => (2, 2),
            _ => (4, 4),
        };
        return type;
    }

    /// <summary>Lays out members one after another, each at its alignment (CanonicalABI.md's record layout).</summary>
    private static ComponentValueType Laid(ComponentValueType type, IEnumerable<ComponentValueType> members)
    {
        var offsets = new List<int>();
        var size = 0;
        var alignment = 1;
        foreach (var member in members)
        {
            size = AlignTo(size, member.Alignment);
            offsets.Add(size);
            size += member.Size;
            alignment = Math.Max(alignment, member.Alignment);
        }

        type.Offsets = offsets.ToArray();
        type.Alignment = alignment;
        type.Size = AlignTo(size, alignment);
        return type;
    }

    internal static int AlignTo(int offset, int alignment) => (offset + alignment - 1) / alignment * alignment;

    private List<WasmValueType> Flatten()
    {
        var result = new List<WasmValueType>();
        switch (Kind)
        {
            case ComponentValueKind.List:
                result.Add(WasmValueType.I32);
                result.Add(WasmValueType.I32);
                break;
            case ComponentValueKind.Record:
                result.AddRange(Fields.SelectMany(f => f.Type.Flat));
                break;
            case ComponentValueKind.Tuple:
                result.AddRange(Elements.SelectMany(e => e.Flat));
                break;
            case ComponentValueKind.Flags or ComponentValueKind.Own or ComponentValueKind.Borrow:
                result.Add(WasmValueType.I32);
                break;
            case ComponentValueKind.Variant or ComponentValueKind.Option or ComponentValueKind.Result or ComponentValueKind.Enum:
                CoreSignature.FlattenVariant(Cases.Select(c => c.Type).OfType<ComponentValueType>().Select(t => t.Flat), result);
                break;
            default:
                CoreSignature.FlattenPrimitive(Kind, result);
                break;
        }

        return result;
    }

    /// <summary>The type in WIT syntax, e.g. <c>result&lt;list&lt;u8&gt;, string&gt;</c>.</summary>
    public override string ToString() => Kind switch
    {
        ComponentValueKind.List => $"list<{Element}>",
        ComponentValueKind.Option => $"option<{Element}>",
        ComponentValueKind.Tuple => $"tuple<{string.Join(", ", Elements)}>",
        ComponentValueKind.Record => $"record {{ {string.Join(", ", Fields.Select(f => $"{f.Name}: {f.Type}"))} }}",
        ComponentValueKind.Variant => $"variant {{ {string.Join(", ", Cases.Select(c => c.Type is null ? c.Name : $"{c.Name}({c.Type})"))} }}",
        ComponentValueKind.Enum => $"enum {{ {string.Join(", ", Cases.Select(c => c.Name))} }}",
        ComponentValueKind.Flags => $"flags {{ {string.Join(", ", FlagNames)} }}",
        ComponentValueKind.Result => (Cases[0].Type, Cases[1].Type) switch
        {
            (null, null) => "result",
            ({ } ok, null) => $"result<{ok}>",
            (null, { } error) => $"result<_, {error}>",
            var (ok, error) => $"result<{ok}, {error}>",
        },
        ComponentValueKind.Own or ComponentValueKind.Borrow => $"{ComponentValue.KindName(Kind)}<{Resource!.Key}>",
        _ => ComponentValue.KindName(Kind),
    };
}

/// <summary>An exported function's component-level type: named parameters and an optional result.</summary>
/// <param name="Parameters">The parameters in order.</param>
/// <param name="Result">The result type, or null for a function without one.</param>
public sealed record ComponentFunctionType(IReadOnlyList<ComponentField> Parameters, ComponentValueType? Result)
{
    /// <summary>The type in WIT syntax, e.g. <c>func(a: u32, b: string) -&gt; bool</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("func(").AppendJoin(", ", Parameters.Select(p => $"{p.Name}: {p.Type}")).Append(')');
        return Result is null ? text.ToString() : text.Append(" -> ").Append(Result).ToString();
    }
}
