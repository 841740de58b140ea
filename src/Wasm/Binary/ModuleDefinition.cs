namespace WitSharp.Wasm;

/// <summary>
/// A decoded (not yet validated) core module. Index spaces (functions, tables, memories, globals) list imports
/// first, as the specification numbers them; function bodies are slices of <see cref="Bytes"/>.
/// </summary>
internal sealed class ModuleDefinition
{
    /// <summary>The whole module binary; body and data slices point into it.</summary>
    public required byte[] Bytes { get; init; }

    public required FunctionType[] Types { get; init; }

    public required ImportDefinition[] Imports { get; init; }

    /// <summary>Type index of every function in the function index space (imports first).</summary>
    public required uint[] FunctionTypeIndices { get; init; }

    public required int ImportedFunctionCount { get; init; }

    /// <summary>Bodies of the module's own functions; entry i is function <c>ImportedFunctionCount + i</c>.</summary>
    public required FunctionBody[] Code { get; init; }

    /// <summary>Every table in the table index space (imports first).</summary>
    public required TableType[] Tables { get; init; }

    public required int ImportedTableCount { get; init; }

    /// <summary>Every memory in the memory index space (imports first).</summary>
    public required MemoryType[] Memories { get; init; }

    public required int ImportedMemoryCount { get; init; }

    /// <summary>Type of every global in the global index space (imports first).</summary>
    public required GlobalType[] GlobalTypes { get; init; }

    public required int ImportedGlobalCount { get; init; }

    /// <summary>The module's own globals; entry i is global <c>ImportedGlobalCount + i</c>.</summary>
    public required GlobalDefinition[] Globals { get; init; }

    public required ExportDefinition[] Exports { get; init; }

    public required uint? StartFunction { get; init; }

    /// <summary>Module offset of the start section's function index (-1 without a start section).</summary>
    public required int StartOffset { get; init; }

    /// <summary>Module offset where each function of the index space is declared (import entry or function-section index).</summary>
    public required int[] FunctionDeclarationOffsets { get; init; }

    /// <summary>Module offset where each table of the index space is declared.</summary>
    public required int[] TableOffsets { get; init; }

    /// <summary>Module offset where each memory of the index space is declared.</summary>
    public required int[] MemoryOffsets { get; init; }

    public required ElementSegment[] Elements { get; init; }

    public required DataSegment[] Data { get; init; }

    /// <summary>The data count section's value, or <see langword="null"/> when the section is absent.</summary>
    public required uint? DataCount { get; init; }

    /// <summary>Every custom section in binary order, including "name" and "component-type:*".</summary>
    public required CustomSection[] CustomSections { get; init; }

    /// <summary>The decoded "name" section (empty when absent or unreadable).</summary>
    public required NameSection Names { get; init; }

    public FunctionType GetFunctionType(uint functionIndex) => Types[FunctionTypeIndices[functionIndex]];

    /// <summary>A readable label for a function: its index and, when the name section has one, its name.</summary>
    public string DescribeFunction(uint functionIndex) =>
        Names.FunctionNames.TryGetValue(functionIndex, out var name) ? $"function {functionIndex} '{name}'" : $"function {functionIndex}";
}

internal sealed record ImportDefinition(string Module, string Name, ExternalKind Kind, uint FunctionTypeIndex, TableType Table, MemoryType Memory, GlobalType Global)
{
    /// <summary>Module offset of the import entry.</summary>
    public int Offset { get; init; } = -1;

    public static ImportDefinition ForFunction(string module, string name, uint typeIndex) => new(module, name, ExternalKind.Function, typeIndex, default, default, default);

    public static ImportDefinition ForTable(string module, string name, TableType type) => new(module, name, ExternalKind.Table, 0, type, default, default);

    public static ImportDefinition ForMemory(string module, string name, MemoryType type) => new(module, name, ExternalKind.Memory, 0, default, type, default);

    public static ImportDefinition ForGlobal(string module, string name, GlobalType type) => new(module, name, ExternalKind.Global, 0, default, default, type);
}

internal sealed record ExportDefinition(string Name, ExternalKind Kind, uint Index)
{
    /// <summary>Module offset of the export entry.</summary>
    public int Offset { get; init; } = -1;
}

/// <summary>What a function body contains, recorded by the validator so code generators can skip needless checks
/// (a body without loops or calls needs no interruption or stack-depth check, for example).</summary>
[Flags]
internal enum FunctionTraits : byte
{
    None = 0,
    /// <summary>Contains a <c>loop</c>.</summary>
    Loops = 1,
    /// <summary>Contains <c>call</c> or <c>call_indirect</c>.</summary>
    Calls = 2,
    /// <summary>Reads or writes linear memory (loads, stores, memory.* instructions).</summary>
    MemoryAccess = 4,
    /// <summary>Uses tables (call_indirect, table.* instructions).</summary>
    TableAccess = 8,
}

/// <summary>
/// A run of declared locals of one type, as the binary format groups them. <see cref="End"/> is the exclusive end of the
/// run in the declared-locals numbering (parameters not counted).
/// </summary>
internal readonly record struct LocalGroup(ValueType Type, uint Count, uint End);

/// <summary>
/// A function body. Declared locals stay in their compressed groups (a hostile module can declare tens of thousands
/// per function in a few bytes); parameters come first in the local index space. <see cref="Body"/> is the instruction
/// sequence including its final <c>end</c>, starting at module offset <see cref="BodyOffset"/>.
/// </summary>
internal sealed class FunctionBody
{
    public required uint FunctionIndex { get; init; }

    public required LocalGroup[] LocalGroups { get; init; }

    /// <summary>Number of declared locals (parameters excluded).</summary>
    public required int LocalCount { get; init; }

    public required ReadOnlyMemory<byte> Body { get; init; }

    public required int BodyOffset { get; init; }

    /// <summary>Largest operand stack height the validator saw (0 until validated).</summary>
    public int MaxStackHeight { get; set; }

    /// <summary>Deepest control-frame nesting the validator saw, the function frame included (0 until validated).</summary>
    public int MaxControlDepth { get; set; }

    /// <summary>What the body contains (None until validated).</summary>
    public FunctionTraits Traits { get; set; }

    /// <summary>Type of declared local <paramref name="declaredIndex"/> (parameters not counted); the index must be below <see cref="LocalCount"/>.</summary>
    public ValueType GetLocalType(uint declaredIndex)
    {
        var groups = LocalGroups;
        int low = 0, high = groups.Length - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (groups[middle].End <= declaredIndex)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return groups[low].Type;
    }

    /// <summary>The declared locals one entry per local, for code generators that want a flat list.</summary>
    public ValueType[] ExpandLocals()
    {
        var locals = new ValueType[LocalCount];
        var next = 0;
        foreach (var group in LocalGroups)
        {
            locals.AsSpan(next, (int)group.Count).Fill(group.Type);
            next += (int)group.Count;
        }
        return locals;
    }
}

internal sealed record GlobalDefinition(GlobalType Type, ConstantExpression Initializer);

internal enum SegmentMode : byte
{
    Active,
    Passive,
    Declarative,
}

/// <summary>
/// An element segment. The function-index encodings (flags 0-3) keep a plain index list in <see cref="FunctionIndices"/>;
/// the expression encodings (flags 4-7) keep one constant expression per item in <see cref="Expressions"/>. Exactly one is set.
/// </summary>
internal sealed record ElementSegment(
    SegmentMode Mode,
    uint TableIndex,
    ConstantExpression? Offset,
    ValueType ElementType,
    uint[]? FunctionIndices,
    ConstantExpression[]? Expressions,
    int SectionOffset)
{
    public int Count => FunctionIndices?.Length ?? Expressions!.Length;
}

internal sealed record DataSegment(SegmentMode Mode, uint MemoryIndex, ConstantExpression? Offset, ReadOnlyMemory<byte> Bytes, int SectionOffset);

internal sealed record CustomSection(string Name, ReadOnlyMemory<byte> Content, int Offset);

/// <summary>The decoded "name" custom section: names for backtraces and diagnostics.</summary>
internal sealed class NameSection
{
    public static NameSection Empty { get; } = new();

    public string? ModuleName { get; init; }

    public IReadOnlyDictionary<uint, string> FunctionNames { get; init; } = new Dictionary<uint, string>();

    /// <summary>Local names per function index, then per local index.</summary>
    public IReadOnlyDictionary<uint, IReadOnlyDictionary<uint, string>> LocalNames { get; init; } =
        new Dictionary<uint, IReadOnlyDictionary<uint, string>>();
}

/// <summary>One instruction of a constant expression; <see cref="Operand"/> holds the immediate (value bits or an index).</summary>
/// <param name="Opcode">The instruction.</param>
/// <param name="Operand">i32/i64 value (sign-extended), f32/f64 bit pattern, the lower 8 bytes of a v128, global or function index, or the ref.null type.</param>
/// <param name="High">The upper 8 bytes of a v128.const (zero otherwise).</param>
internal readonly record struct ConstantInstruction(Opcode Opcode, ulong Operand, ulong High = 0);

/// <summary>
/// A decoded constant expression (global initialisers, segment offsets, element items), without its final <c>end</c>.
/// When the expression used an instruction that is not constant, <see cref="NonConstantOffset"/> says where, and the
/// validator rejects it with "constant expression required".
/// </summary>
internal sealed class ConstantExpression
{
    public ConstantExpression(ConstantInstruction[] instructions, int offset, int nonConstantOffset)
    {
        Instructions = instructions;
        Offset = offset;
        NonConstantOffset = nonConstantOffset;
    }

    public ConstantInstruction[] Instructions { get; }

    /// <summary>Module byte offset of the expression's first instruction.</summary>
    public int Offset { get; }

    /// <summary>Module byte offset of the first non-constant instruction, or -1.</summary>
    public int NonConstantOffset { get; }
}
