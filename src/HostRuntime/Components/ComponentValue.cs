using System.Globalization;
using System.Text;

namespace WitSharp.HostRuntime.Components;

/// <summary>The kinds of WIT values (and of WIT value types, see <see cref="ComponentValueType"/>).</summary>
public enum ComponentValueKind
{
    /// <summary><c>bool</c>.</summary>
    Bool,

    /// <summary><c>s8</c>.</summary>
    S8,

    /// <summary><c>u8</c>.</summary>
    U8,

    /// <summary><c>s16</c>.</summary>
    S16,

    /// <summary><c>u16</c>.</summary>
    U16,

    /// <summary><c>s32</c>.</summary>
    S32,

    /// <summary><c>u32</c>.</summary>
    U32,

    /// <summary><c>s64</c>.</summary>
    S64,

    /// <summary><c>u64</c>.</summary>
    U64,

    /// <summary><c>f32</c>.</summary>
    F32,

    /// <summary><c>f64</c>.</summary>
    F64,

    /// <summary><c>char</c>: a Unicode scalar value.</summary>
    Char,

    /// <summary><c>string</c>.</summary>
    String,

    /// <summary><c>list&lt;T&gt;</c>.</summary>
    List,

    /// <summary><c>record { ... }</c>.</summary>
    Record,

    /// <summary><c>tuple&lt;...&gt;</c>.</summary>
    Tuple,

    /// <summary><c>variant { ... }</c>.</summary>
    Variant,

    /// <summary><c>enum { ... }</c>.</summary>
    Enum,

    /// <summary><c>option&lt;T&gt;</c>.</summary>
    Option,

    /// <summary><c>result&lt;T, E&gt;</c> (either side may be absent).</summary>
    Result,

    /// <summary><c>flags { ... }</c>.</summary>
    Flags,

    /// <summary><c>own&lt;R&gt;</c>: an owned resource, carried as its representation.</summary>
    Own,

    /// <summary><c>borrow&lt;R&gt;</c>: a borrowed resource, carried as its representation.</summary>
    Borrow,
}

/// <summary>
/// One WIT value, untyped: what <see cref="ComponentFunction.Invoke"/> takes and returns. Immutable (but for whether
/// an <c>own</c> was moved, below) and compared by value (lists, records, tuples element-wise; flags as a set; any NaN
/// equals any NaN, since the Canonical ABI lifts every NaN as the canonical one and lets a lowering pass any NaN). <see cref="ToString"/> writes
/// the value in the component-model .wast form, e.g. <c>(record.const (field "a" (u32.const 1)))</c>.
/// Resources travel as their representation: an <c>own</c> lifted from a result is the component's representation
/// of a resource it created, which can be passed back in as <see cref="Own"/> or <see cref="Borrow"/>. An <see cref="Own"/>
/// value is the host's ownership of the resource, so it moves into the component once: passing the same value as an
/// <c>own</c> again, or lending it as a <c>borrow</c> after that, is an <see cref="ArgumentException"/>, as a disposed or
/// moved handle of the generated bindings is. A call that fails before the component runs gives it back.
/// </summary>
public sealed class ComponentValue : IEquatable<ComponentValue>
{
    private static readonly IReadOnlyList<ComponentValue> NoItems = [];
    private static readonly IReadOnlyList<string> NoNames = [];

    // Scalars (integers sign- or zero-extended, float bits, the char's scalar value, a resource representation), the
    // option's some/none and the result's ok/err as 1/0.
    private readonly ulong bits;
    private readonly string? text;
    private readonly IReadOnlyList<ComponentValue> items;
    private readonly IReadOnlyList<string> names;
    private readonly ComponentValue? payload;

    // 1 once an own value moved into a component (TryMove), as the generated handles' _released.
    private int moved;

    private ComponentValue(ComponentValueKind kind, ulong bits = 0, string? text = null, IReadOnlyList<ComponentValue>? items = null, IReadOnlyList<string>? names = null, ComponentValue? payload = null)
    {
        Kind = kind;
        this.bits = bits;
        this.text = text;
        this.items = items ?? NoItems;
        this.names = names ?? NoNames;
        this.payload = payload;
    }

    /// <summary>What kind of value this is.</summary>
    public ComponentValueKind Kind { get; }

    /// <summary>A <c>bool</c>.</summary>
    public static ComponentValue Bool(bool value) => new(ComponentValueKind.Bool, value ? 1UL : 0);

    /// <summary>An <c>s8</c>.</summary>
    public static ComponentValue S8(sbyte value) => new(ComponentValueKind.S8, (ulong)value);

    /// <summary>A <c>u8</c>.</summary>
    public static ComponentValue U8(byte value) => new(ComponentValueKind.U8, value);

    /// <summary>An <c>s16</c>.</summary>
    public static ComponentValue S16(short value) => new(ComponentValueKind.S16, (ulong)value);

    /// <summary>A <c>u16</c>.</summary>
    public static ComponentValue U16(ushort value) => new(ComponentValueKind.U16, value);

    /// <summary>An <c>s32</c>.</summary>
    public static ComponentValue S32(int value) => new(ComponentValueKind.S32, (ulong)value);

    /// <summary>A <c>u32</c>.</summary>
    public static ComponentValue U32(uint value) => new(ComponentValueKind.U32, value);

    /// <summary>An <c>s64</c>.</summary>
    public static ComponentValue S64(long value) => new(ComponentValueKind.S64, (ulong)value);

    /// <summary>A <c>u64</c>.</summary>
    public static ComponentValue U64(ulong value) => new(ComponentValueKind.U64, value);

    /// <summary>An <c>f32</c>.</summary>
    public static ComponentValue F32(float value) => new(ComponentValueKind.F32, BitConverter.SingleToUInt32Bits(value));

    /// <summary>An <c>f64</c>.</summary>
    public static ComponentValue F64(double value) => new(ComponentValueKind.F64, BitConverter.DoubleToUInt64Bits(value));

    /// <summary>A <c>char</c>.</summary>
    public static ComponentValue Char(Rune value) => new(ComponentValueKind.Char, (uint)value.Value);

    /// <summary>A <c>string</c>. Lowering one with an unpaired surrogate is an argument error.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static ComponentValue String(string value) => new(ComponentValueKind.String, text: value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>A <c>list</c> of the given elements (all of the list's element type).</summary>
    public static ComponentValue List(params IEnumerable<ComponentValue> elements) => new(ComponentValueKind.List, items: Copy(elements, nameof(elements)));

    /// <summary>A <c>tuple</c> of the given elements.</summary>
    public static ComponentValue Tuple(params IEnumerable<ComponentValue> elements) => new(ComponentValueKind.Tuple, items: Copy(elements, nameof(elements)));

    /// <summary>A <c>record</c>: its fields in the type's order, by name.</summary>
    /// <exception cref="ArgumentException">A field name is null or repeated, or a value is null.</exception>
    public static ComponentValue Record(params IEnumerable<KeyValuePair<string, ComponentValue>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var list = fields.ToList();
        var fieldNames = list.Select(f => f.Key ?? throw new ArgumentException("a record field name is null", nameof(fields))).ToArray();
        if (fieldNames.Distinct(StringComparer.Ordinal).Count() != fieldNames.Length)
        {
            throw new ArgumentException($"record field names repeat: {string.Join(", ", fieldNames)}", nameof(fields));
        }

        return new(ComponentValueKind.Record, names: fieldNames, items: Copy(list.Select(f => f.Value), nameof(fields)));
    }

    /// <summary>A <c>variant</c> case, with its payload when the case has one.</summary>
    public static ComponentValue Variant(string caseName, ComponentValue? payload = null) =>
        new(ComponentValueKind.Variant, text: caseName ?? throw new ArgumentNullException(nameof(caseName)), payload: payload);

    /// <summary>An <c>enum</c> case.</summary>
    public static ComponentValue Enum(string caseName) => new(ComponentValueKind.Enum, text: caseName ?? throw new ArgumentNullException(nameof(caseName)));

    /// <summary><c>option</c>'s <c>none</c>.</summary>
    public static ComponentValue None { get; } = new(ComponentValueKind.Option);

    /// <summary><c>option</c>'s <c>some</c>.</summary>
    public static ComponentValue Some(ComponentValue value) => new(ComponentValueKind.Option, 1, payload: value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary><c>result</c>'s <c>ok</c>, with its payload unless the result type has no ok type.</summary>
    public static ComponentValue Ok(ComponentValue? value = null) => new(ComponentValueKind.Result, 1, payload: value);

    /// <summary><c>result</c>'s <c>error</c>, with its payload unless the result type has no error type.</summary>
    public static ComponentValue Err(ComponentValue? value = null) => new(ComponentValueKind.Result, 0, payload: value);

    /// <summary>A <c>flags</c> value: the names of the flags that are set.</summary>
    /// <exception cref="ArgumentException">A name is null or repeated.</exception>
    public static ComponentValue Flags(params IEnumerable<string> setFlags)
    {
        ArgumentNullException.ThrowIfNull(setFlags);
        var set = setFlags.Select(f => f ?? throw new ArgumentException("a flag name is null", nameof(setFlags))).ToArray();
        if (set.Distinct(StringComparer.Ordinal).Count() != set.Length)
        {
            throw new ArgumentException($"flag names repeat: {string.Join(", ", set)}", nameof(setFlags));
        }

        return new(ComponentValueKind.Flags, names: set);
    }

    /// <summary>An owned resource handle, as the resource's representation: the host's ownership, which the value moves
    /// into a component the first time it is passed as an <c>own</c> (see the class remarks).</summary>
    public static ComponentValue Own(int representation) => new(ComponentValueKind.Own, (uint)representation);

    /// <summary>A borrowed resource handle, as the resource's representation.</summary>
    public static ComponentValue Borrow(int representation) => new(ComponentValueKind.Borrow, (uint)representation);

    /// <summary>The <c>bool</c>.</summary>
    public bool AsBool() => Expect(ComponentValueKind.Bool).bits != 0;

    /// <summary>The <c>s8</c>.</summary>
    public sbyte AsS8() => (sbyte)Expect(ComponentValueKind.S8).bits;

    /// <summary>The <c>u8</c>.</summary>
    public byte AsU8() => (byte)Expect(ComponentValueKind.U8).bits;

    /// <summary>The <c>s16</c>.</summary>
    public short AsS16() => (short)Expect(ComponentValueKind.S16).bits;

    /// <summary>The <c>u16</c>.</summary>
    public ushort AsU16() => (ushort)Expect(ComponentValueKind.U16).bits;

    /// <summary>The <c>s32</c>.</summary>
    public int AsS32() => (int)Expect(ComponentValueKind.S32).bits;

    /// <summary>The <c>u32</c>.</summary>
    public uint AsU32() => (uint)Expect(ComponentValueKind.U32).bits;

    /// <summary>The <c>s64</c>.</summary>
    public long AsS64() => (long)Expect(ComponentValueKind.S64).bits;

    /// <summary>The <c>u64</c>.</summary>
    public ulong AsU64() => Expect(ComponentValueKind.U64).bits;

    /// <summary>The <c>f32</c>.</summary>
    public float AsF32() => BitConverter.UInt32BitsToSingle((uint)Expect(ComponentValueKind.F32).bits);

    /// <summary>The <c>f64</c>.</summary>
    public double AsF64() => BitConverter.UInt64BitsToDouble(Expect(ComponentValueKind.F64).bits);

    /// <summary>The <c>char</c>.</summary>
    public Rune AsChar() => new((int)Expect(ComponentValueKind.Char).bits);

    /// <summary>The <c>string</c>.</summary>
    public string AsString() => Expect(ComponentValueKind.String).text!;

    /// <summary>The elements of a list or tuple, or the field values of a record (in order).</summary>
    public IReadOnlyList<ComponentValue> Items =>
        Kind is ComponentValueKind.List or ComponentValueKind.Tuple or ComponentValueKind.Record ? items : throw WrongKind("list, tuple or record");

    /// <summary>The field names of a record (parallel to <see cref="Items"/>) or the set flags of a flags value.</summary>
    public IReadOnlyList<string> Names => Kind is ComponentValueKind.Record or ComponentValueKind.Flags ? names : throw WrongKind("record or flags");

    /// <summary>The case of a variant or enum.</summary>
    public string CaseName => Kind is ComponentValueKind.Variant or ComponentValueKind.Enum ? text! : throw WrongKind("variant or enum");

    /// <summary>The payload of a variant case, <c>some</c>, <c>ok</c> or <c>error</c>; null when there is none (always for an enum).</summary>
    public ComponentValue? Payload => Kind is ComponentValueKind.Variant or ComponentValueKind.Enum or ComponentValueKind.Option or ComponentValueKind.Result ? payload : throw WrongKind("variant, enum, option or result");

    /// <summary>Whether an option is <c>some</c>.</summary>
    public bool IsSome => Expect(ComponentValueKind.Option).bits != 0;

    /// <summary>Whether a result is <c>ok</c>.</summary>
    public bool IsOk => Expect(ComponentValueKind.Result).bits != 0;

    /// <summary>The representation of an <c>own</c> or <c>borrow</c> handle.</summary>
    public int Representation => Kind is ComponentValueKind.Own or ComponentValueKind.Borrow ? (int)(uint)bits : throw WrongKind("own or borrow");

    /// <summary>Whether this <c>own</c> value was moved into a component, so the host no longer owns the resource.</summary>
    internal bool IsMoved => Volatile.Read(ref moved) != 0;

    /// <summary>Moves this <c>own</c> value into a component; false if it already was (each own value moves once).</summary>
    internal bool TryMove() => Interlocked.Exchange(ref moved, 1) == 0;

    /// <summary>Gives the host its ownership back after <see cref="TryMove"/>, when the call failed before the component ran.</summary>
    internal void Unmove() => Volatile.Write(ref moved, 0);

    /// <summary>The scalar payload of integer, bool, char and float values as stored (see the factories); for the
    /// lowering, which picks the width from the type.</summary>
    internal ulong Bits => bits;

    /// <inheritdoc/>
    public bool Equals(ComponentValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Kind != Kind)
        {
            return false;
        }

        return Kind switch
        {
            ComponentValueKind.F32 => bits == other.bits || (float.IsNaN(AsF32()) && float.IsNaN(other.AsF32())),
            ComponentValueKind.F64 => bits == other.bits || (double.IsNaN(AsF64()) && double.IsNaN(other.AsF64())),
            ComponentValueKind.Flags => names.Count == other.names.Count && names.All(other.names.Contains),
            _ => bits == other.bits
                && string.Equals(text, other.text, StringComparison.Ordinal)
                && names.SequenceEqual(other.names, StringComparer.Ordinal)
                && items.SequenceEqual(other.items)
                && Equals(payload, other.payload),
        };
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ComponentValue);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        switch (Kind)
        {
            case ComponentValueKind.F32 or ComponentValueKind.F64:
                hash.Add(ToString()); // every NaN prints as "nan"
                break;
            case ComponentValueKind.Flags:
                foreach (var name in names.Order(StringComparer.Ordinal))
                {
                    hash.Add(name);
                }

                break;
            default:
                hash.Add(bits);
                hash.Add(text);
                foreach (var name in names)
                {
                    hash.Add(name);
                }

                foreach (var item in items)
                {
                    hash.Add(item);
                }

                hash.Add(payload);
                break;
        }

        return hash.ToHashCode();
    }

    /// <summary>The value in the component-model .wast form, e.g. <c>(list.const (u8.const 1) (u8.const 2))</c>.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Write(builder);
        return builder.ToString();
    }

    private void Write(StringBuilder builder)
    {
        switch (Kind)
        {
            case ComponentValueKind.Bool:
                builder.Append("(bool.const ").Append(bits != 0 ? "true" : "false").Append(')');
                break;
            case ComponentValueKind.S8 or ComponentValueKind.S16 or ComponentValueKind.S32 or ComponentValueKind.S64:
                builder.Append('(').Append(KindName(Kind)).Append(".const ").Append(((long)bits).ToString(CultureInfo.InvariantCulture)).Append(')');
                break;
            case ComponentValueKind.U8 or ComponentValueKind.U16 or ComponentValueKind.U32 or ComponentValueKind.U64:
                builder.Append('(').Append(KindName(Kind)).Append(".const ").Append(bits.ToString(CultureInfo.InvariantCulture)).Append(')');
                break;
            case ComponentValueKind.F32:
                builder.Append("(f32.const ").Append(FloatText(AsF32())).Append(')');
                break;
            case ComponentValueKind.F64:
                builder.Append("(f64.const ").Append(FloatText(AsF64())).Append(')');
                break;
            case ComponentValueKind.Char:
                builder.Append("(char.const ");
                Quote(builder, AsChar().ToString());
                builder.Append(')');
                break;
            case ComponentValueKind.String:
                builder.Append("(str.const ");
                Quote(builder, text!);
                builder.Append(')');
                break;
            case ComponentValueKind.List or ComponentValueKind.Tuple:
                builder.Append(Kind == ComponentValueKind.List ? "(list.const" : "(tuple.const");
                foreach (var item in items)
                {
                    item.Write(builder.Append(' '));
                }

                builder.Append(')');
                break;
            case ComponentValueKind.Record:
                builder.Append("(record.const");
                for (var i = 0; i < items.Count; i++)
                {
                    Quote(builder.Append(" (field "), names[i]);
                    items[i].Write(builder.Append(' '));
                    builder.Append(')');
                }

                builder.Append(')');
                break;
            case ComponentValueKind.Variant or ComponentValueKind.Enum:
                Quote(builder.Append(Kind == ComponentValueKind.Variant ? "(variant.const " : "(enum.const "), text!);
                payload?.Write(builder.Append(' '));
                builder.Append(')');
                break;
            case ComponentValueKind.Option:
                builder.Append(bits != 0 ? "(option.some" : "(option.none");
                payload?.Write(builder.Append(' '));
                builder.Append(')');
                break;
            case ComponentValueKind.Result:
                builder.Append(bits != 0 ? "(result.ok" : "(result.err");
                payload?.Write(builder.Append(' '));
                builder.Append(')');
                break;
            case ComponentValueKind.Flags:
                builder.Append("(flags.const");
                foreach (var name in names)
                {
                    Quote(builder.Append(' '), name);
                }

                builder.Append(')');
                break;
            default:
                builder.Append('(').Append(KindName(Kind)).Append(' ').Append(Representation.ToString(CultureInfo.InvariantCulture)).Append(')');
                break;
        }
    }

    /// <summary>The WIT spelling of a kind: <c>u32</c>, <c>string</c>, <c>list</c>...</summary>
    internal static string KindName(ComponentValueKind kind) => kind.ToString().ToLowerInvariant();

    private static string FloatText(double value) =>
        double.IsNaN(value) ? "nan" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string FloatText(float value) =>
        float.IsNaN(value) ? "nan" : float.IsPositiveInfinity(value) ? "inf" : float.IsNegativeInfinity(value) ? "-inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private static StringBuilder Quote(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            _ = rune.Value switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                < 0x20 or 0x7F => builder.Append(CultureInfo.InvariantCulture, $"\\u{{{rune.Value:x}}}"),
                _ => builder.Append(rune.ToString()),
            };
        }

        return builder.Append('"');
    }

    private static ComponentValue[] Copy(IEnumerable<ComponentValue> values, string parameter)
    {
        ArgumentNullException.ThrowIfNull(values, parameter);
        var copy = values.ToArray();
        return Array.FindIndex(copy, v => v is null) is var index and >= 0 ? throw new ArgumentException($"element {index} is null", parameter) : copy;
    }

    private ComponentValue Expect(ComponentValueKind kind) => Kind == kind ? this : throw WrongKind(KindName(kind));

    private InvalidOperationException WrongKind(string wanted) => new($"the value {this} is a {KindName(Kind)}, not a {wanted}");
}
