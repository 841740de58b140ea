namespace WitSharp.Wasm;

/// <summary>Something an instance can import or export: a <see cref="Function"/>, <see cref="Table"/>, <see cref="Memory"/> or <see cref="Global"/>.</summary>
public abstract class Extern
{
    private protected Extern()
    {
    }

    /// <summary>The kind of this external value.</summary>
    public abstract ExternalKind Kind { get; }

    /// <summary>The type as written in the text format, for error messages (for example "(func (param i32))").</summary>
    public abstract string DescribeType();
}

/// <summary>An import or export of a module, with its type.</summary>
/// <param name="Module">The import's module name (empty for exports).</param>
/// <param name="Name">The field name.</param>
/// <param name="Kind">The kind.</param>
/// <param name="FunctionType">The function signature when <paramref name="Kind"/> is a function.</param>
/// <param name="TableType">The table type when <paramref name="Kind"/> is a table.</param>
/// <param name="MemoryType">The memory type when <paramref name="Kind"/> is a memory.</param>
/// <param name="GlobalType">The global type when <paramref name="Kind"/> is a global.</param>
public sealed record ExternDescriptor(
    string Module, string Name, ExternalKind Kind, FunctionType? FunctionType, TableType TableType, MemoryType MemoryType, GlobalType GlobalType)
{
    /// <summary>The type as written in the text format.</summary>
    /// <returns>A short type description.</returns>
    public string DescribeType() => Kind switch
    {
        ExternalKind.Function => $"func {FunctionType}",
        ExternalKind.Table => $"table {TableType.Limits.Minimum} {TableType.Limits.Maximum?.ToString() ?? "none"} {TableType.ElementType.ToWatName()}",
        ExternalKind.Memory => $"memory {MemoryType.Limits.Minimum} {MemoryType.Limits.Maximum?.ToString() ?? "none"}",
        _ => $"global {(GlobalType.IsMutable ? "mut " : string.Empty)}{GlobalType.ValueType.ToWatName()}",
    };
}
