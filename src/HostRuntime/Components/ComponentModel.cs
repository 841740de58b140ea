namespace WitSharp.HostRuntime.Components;

/// <summary>The index spaces of a component (Binary.md "sort"), core sorts first.</summary>
internal enum Sort
{
    CoreFunc,
    CoreTable,
    CoreMemory,
    CoreGlobal,
    CoreTag,
    CoreType,
    CoreModule,
    CoreInstance,
    Func,
    Value,
    Type,
    Component,
    Instance,
}

/// <summary>A decoded component: its definitions in binary order plus the index spaces they populate.</summary>
internal sealed class ComponentDefinition
{
    private readonly List<IndexEntry>[] indexSpaces = Enumerable.Range(0, Enum.GetValues<Sort>().Length).Select(_ => new List<IndexEntry>()).ToArray();

    private readonly List<(Sort, IndexEntry)> definitionOrder = [];

    /// <summary>Byte offset of this component's preamble within the outermost binary.</summary>
    public required int Offset { get; init; }

    public List<CustomSection> CustomSections { get; } = [];
    public List<CoreModuleDefinition> CoreModules { get; } = [];
    public List<CoreInstanceDefinition> CoreInstances { get; } = [];
    public List<CoreTypeDefinition> CoreTypes { get; } = [];
    public List<ComponentDefinition> Components { get; } = [];
    public List<InstanceDefinition> Instances { get; } = [];
    public List<AliasDefinition> Aliases { get; } = [];
    public List<TypeDefinition> Types { get; } = [];
    public List<CanonDefinition> Canons { get; } = [];
    public List<StartDefinition> Starts { get; } = [];
    public List<ImportDefinition> Imports { get; } = [];
    public List<ExportDefinition> Exports { get; } = [];
    public List<ValueDefinition> Values { get; } = [];

    /// <summary>Names imported so far, as <see cref="ExternNames.UniquenessKey"/>s.</summary>
    internal HashSet<string> ImportNames { get; } = new(StringComparer.Ordinal);

    /// <summary>Names exported so far, as <see cref="ExternNames.UniquenessKey"/>s.</summary>
    internal HashSet<string> ExportNames { get; } = new(StringComparer.Ordinal);

    /// <summary>What each index of <paramref name="sort"/> refers to, in index order.</summary>
    public IReadOnlyList<IndexEntry> IndexSpace(Sort sort) => indexSpaces[(int)sort];

    /// <summary>Every index-introducing definition across all sorts, in binary order.</summary>
    public IReadOnlyList<(Sort Sort, IndexEntry Entry)> DefinitionOrder => definitionOrder;

    internal void Add(Sort sort, IndexEntry entry)
    {
        indexSpaces[(int)sort].Add(entry);
        definitionOrder.Add((sort, entry));
    }
}

/// <summary>One index of an index space and the definition that introduced it.</summary>
/// <param name="Origin">The import, export, alias, canon, type, instance, module, component, start or value.</param>
internal readonly record struct IndexEntry(object Origin);

internal sealed record CustomSection(string Name, ReadOnlyMemory<byte> Contents, int Offset);

/// <summary>An embedded core module: its complete binary (preamble included) and where it sits.</summary>
internal sealed record CoreModuleDefinition(ReadOnlyMemory<byte> Binary, int Offset);

internal abstract record CoreInstanceDefinition;

internal sealed record CoreInstantiate(uint Module, IReadOnlyList<CoreInstantiateArg> Args) : CoreInstanceDefinition;

internal sealed record CoreInstantiateArg(string Name, uint Instance);

internal sealed record CoreInstanceFromExports(IReadOnlyList<CoreInlineExport> Exports) : CoreInstanceDefinition;

internal sealed record CoreInlineExport(string Name, Sort Sort, uint Index);

internal abstract record InstanceDefinition;

internal sealed record ComponentInstantiate(uint Component, IReadOnlyList<InstantiateArg> Args) : InstanceDefinition;

internal sealed record InstantiateArg(string Name, Sort Sort, uint Index);

internal sealed record InstanceFromExports(IReadOnlyList<InlineExport> Exports) : InstanceDefinition;

internal sealed record InlineExport(ExternName Name, Sort Sort, uint Index);

internal abstract record AliasDefinition(Sort Sort);

/// <summary><c>(alias export i "name" (sort))</c> of a component instance.</summary>
internal sealed record InstanceExportAlias(Sort Sort, uint Instance, string Name) : AliasDefinition(Sort);

/// <summary><c>(alias core export i "name" (sort))</c> of a core instance.</summary>
internal sealed record CoreInstanceExportAlias(Sort Sort, uint CoreInstance, string Name) : AliasDefinition(Sort);

/// <summary><c>(alias outer ct idx (sort))</c>: index <see cref="Index"/> of the scope <see cref="Count"/> levels out.</summary>
internal sealed record OuterAlias(Sort Sort, uint Count, uint Index) : AliasDefinition(Sort);

internal sealed record TypeDefinition(ComponentType Type, int Offset);

internal enum StringEncoding
{
    Utf8,
    Utf16,
    Latin1Utf16,
}

/// <summary>Canonical options; absent indexes are null. The default string encoding is UTF-8.</summary>
internal sealed record CanonOptions(StringEncoding StringEncoding, uint? Memory, uint? Realloc, uint? PostReturn);

internal abstract record CanonDefinition;

internal sealed record CanonLift(uint CoreFunc, CanonOptions Options, uint FuncType) : CanonDefinition;

internal sealed record CanonLower(uint Func, CanonOptions Options) : CanonDefinition;

internal sealed record CanonResourceNew(uint Resource) : CanonDefinition;

internal sealed record CanonResourceDrop(uint Resource) : CanonDefinition;

internal sealed record CanonResourceRep(uint Resource) : CanonDefinition;

internal sealed record StartDefinition(uint Func, IReadOnlyList<uint> Args, uint ResultCount);

internal sealed record ImportDefinition(ExternName Name, ExternType Type);

/// <summary>An export; <see cref="AscribedType"/> is the optional type the exporter ascribed.</summary>
internal sealed record ExportDefinition(ExternName Name, Sort Sort, uint Index, ExternType? AscribedType);

/// <summary>A value definition (🪙): its type and its still-encoded bytes.</summary>
internal sealed record ValueDefinition(ComponentValType Type, ReadOnlyMemory<byte> Encoded);
