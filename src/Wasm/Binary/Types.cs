namespace WitSharp.Wasm;

/// <summary>A WebAssembly value type; the numeric value is the type's binary encoding.</summary>
public enum ValueType : byte
{
    /// <summary>32-bit integer.</summary>
    I32 = 0x7F,
    /// <summary>64-bit integer.</summary>
    I64 = 0x7E,
    /// <summary>32-bit IEEE 754 float.</summary>
    F32 = 0x7D,
    /// <summary>64-bit IEEE 754 float.</summary>
    F64 = 0x7C,
    /// <summary>128-bit vector (fixed-width SIMD).</summary>
    V128 = 0x7B,
    /// <summary>Nullable reference to a function.</summary>
    FuncRef = 0x70,
    /// <summary>Nullable opaque host reference.</summary>
    ExternRef = 0x6F,
}

/// <summary>The kind of an import or export.</summary>
public enum ExternalKind : byte
{
    /// <summary>A function.</summary>
    Function = 0,
    /// <summary>A table.</summary>
    Table = 1,
    /// <summary>A linear memory.</summary>
    Memory = 2,
    /// <summary>A global.</summary>
    Global = 3,
}

/// <summary>Helpers over <see cref="ValueType"/>.</summary>
public static class ValueTypeExtensions
{
    /// <summary>Whether the type is a reference type (funcref or externref).</summary>
    /// <param name="type">The type.</param>
    /// <returns><see langword="true"/> for funcref and externref.</returns>
    public static bool IsReference(this ValueType type) => type is ValueType.FuncRef or ValueType.ExternRef;

    /// <summary>The type's name in the WebAssembly text format, for example "i32" or "funcref".</summary>
    /// <param name="type">The type.</param>
    /// <returns>The text-format name.</returns>
    public static string ToWatName(this ValueType type) => type switch
    {
        ValueType.I32 => "i32",
        ValueType.I64 => "i64",
        ValueType.F32 => "f32",
        ValueType.F64 => "f64",
        ValueType.V128 => "v128",
        ValueType.FuncRef => "funcref",
        ValueType.ExternRef => "externref",
        _ => $"0x{(byte)type:x2}",
    };
}

/// <summary>A function signature: parameter and result types.</summary>
public sealed class FunctionType : IEquatable<FunctionType>
{
    private readonly ValueType[] _parameters;
    private readonly ValueType[] _results;

    /// <summary>Creates a signature.</summary>
    /// <param name="parameters">The parameter types.</param>
    /// <param name="results">The result types.</param>
    public FunctionType(IEnumerable<ValueType> parameters, IEnumerable<ValueType> results)
    {
        _parameters = parameters.ToArray();
        _results = results.ToArray();
    }

    internal FunctionType(ValueType[] parameters, ValueType[] results)
    {
        _parameters = parameters;
        _results = results;
    }

    /// <summary>The parameter types.</summary>
    public IReadOnlyList<ValueType> Parameters => _parameters;

    /// <summary>The result types.</summary>
    public IReadOnlyList<ValueType> Results => _results;

    internal ValueType[] ParameterArray => _parameters;

    internal ValueType[] ResultArray => _results;

    /// <inheritdoc/>
    public bool Equals(FunctionType? other) =>
        other is not null && _parameters.AsSpan().SequenceEqual(other._parameters) && _results.AsSpan().SequenceEqual(other._results);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as FunctionType);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var type in _parameters)
        {
            hash.Add(type);
        }
        hash.Add(0xFF);
        foreach (var type in _results)
        {
            hash.Add(type);
        }
        return hash.ToHashCode();
    }

    /// <summary>The signature in text-format style, for example "(i32, i64) -> (f32)".</summary>
    /// <returns>The signature text.</returns>
    public override string ToString() =>
        $"({string.Join(", ", _parameters.Select(p => p.ToWatName()))}) -> ({string.Join(", ", _results.Select(r => r.ToWatName()))})";
}

/// <summary>Size limits of a table (in elements) or memory (in 64 KiB pages).</summary>
/// <param name="Minimum">The initial size.</param>
/// <param name="Maximum">The maximum size, or <see langword="null"/> when unbounded.</param>
public readonly record struct Limits(uint Minimum, uint? Maximum);

/// <summary>The type of a table: element reference type and limits.</summary>
/// <param name="ElementType">The element type (funcref or externref).</param>
/// <param name="Limits">The size limits in elements.</param>
public readonly record struct TableType(ValueType ElementType, Limits Limits);

/// <summary>The type of a linear memory: limits in 64 KiB pages.</summary>
/// <param name="Limits">The size limits in pages.</param>
public readonly record struct MemoryType(Limits Limits);

/// <summary>The type of a global: value type and mutability.</summary>
/// <param name="ValueType">The value type.</param>
/// <param name="IsMutable">Whether the global can be written.</param>
public readonly record struct GlobalType(ValueType ValueType, bool IsMutable);
