using System.Runtime.Intrinsics;

namespace WitSharp.Wasm;

/// <summary>An instantiated module: its memories, tables, globals and functions, reachable through its exports.</summary>
public sealed class Instance
{
    private readonly Dictionary<string, Extern> _exports;

    private Instance(Module module, InstanceContext context, Dictionary<string, Extern> exports)
    {
        Module = module;
        Context = context;
        _exports = exports;
    }

    /// <summary>The module this is an instance of.</summary>
    public Module Module { get; }

    /// <summary>The exports by name.</summary>
    public IReadOnlyDictionary<string, Extern> Exports => _exports;

    internal InstanceContext Context { get; }

    /// <summary>The exported function <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The export name.</param>
    /// <returns>The function or <see langword="null"/>.</returns>
    public Function? GetFunction(string name) => _exports.GetValueOrDefault(name) as Function;

    /// <summary>The exported function <paramref name="name"/> as a typed handle whose calls do not allocate.</summary>
    /// <typeparam name="T1">First parameter: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
    /// <typeparam name="T2">Second parameter: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
    /// <typeparam name="TResult">Result: int, long, float, double or Vector128&lt;byte&gt; (v128).</typeparam>
    /// <param name="name">The export name.</param>
    /// <returns>The typed handle.</returns>
    /// <exception cref="ArgumentException">The export is missing or has another signature.</exception>
    public TypedFunction<T1, T2, TResult> GetFunction<T1, T2, TResult>(string name) =>
        new(GetFunction(name) ?? throw new ArgumentException($"no function export '{name}'"), name);

    /// <summary>The exported memory <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The export name.</param>
    /// <returns>The memory or <see langword="null"/>.</returns>
    public Memory? GetMemory(string name) => _exports.GetValueOrDefault(name) as Memory;

    /// <summary>The exported table <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The export name.</param>
    /// <returns>The table or <see langword="null"/>.</returns>
    public Table? GetTable(string name) => _exports.GetValueOrDefault(name) as Table;

    /// <summary>The exported global <paramref name="name"/>, or <see langword="null"/>.</summary>
    /// <param name="name">The export name.</param>
    /// <returns>The global or <see langword="null"/>.</returns>
    public Global? GetGlobal(string name) => _exports.GetValueOrDefault(name) as Global;

    /// <summary>
    /// Instantiates <paramref name="module"/> with an explicit import list (one item per entry of <see cref="Module.Imports"/>,
    /// in that order): host functions, other instances' exports, memories, tables and globals. Use a <see cref="Linker"/> to
    /// resolve imports by name instead.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="module">The module.</param>
    /// <param name="imports">The imports in the module's import order.</param>
    /// <returns>The instance.</returns>
    /// <exception cref="LinkException">The import count differs or an import has an incompatible type.</exception>
    /// <exception cref="TrapException">Segment initialisation or the start function trapped.</exception>
    public static Instance Create(Store store, Module module, IReadOnlyList<Extern> imports)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(imports);
        if (store.Engine != module.Engine)
        {
            throw new ArgumentException("the store and module must share one engine");
        }

        if (imports.Count != module.Imports.Count)
        {
            throw new LinkException($"module has {module.Imports.Count} imports but {imports.Count} were given");
        }

        var checkedImports = new Extern[imports.Count];
        for (var i = 0; i < checkedImports.Length; i++)
        {
            var given = imports[i] ?? throw new ArgumentException($"import {i} is null", nameof(imports));
            ImportMatcher.Require(module.Imports[i], given);
            checkedImports[i] = given;
        }

        return CreateChecked(store, module, checkedImports);
    }

    /// <summary>Builds the instance in the spec's order: allocate, initialise globals, tables then memories from active segments, run start.</summary>
    private static Instance CreateChecked(Store store, Module module, Extern[] imports)
    {
        var definition = module.Definition;
        var compiled = module.GetCompiledCode();
        store.RegisterInstance();
        var context = new InstanceContext { Store = store, Types = definition.Types };

        var functions = new Function[definition.FunctionTypeIndices.Length];
        var tables = new Table[definition.Tables.Length];
        var memories = new Memory[definition.Memories.Length];
        var globals = new Global[definition.GlobalTypes.Length];
        int functionCount = 0, tableCount = 0, memoryCount = 0, globalCount = 0;
        foreach (var item in imports)
        {
            switch (item)
            {
                case Function function:
                    functions[functionCount++] = function;
                    break;
                case Table table:
                    tables[tableCount++] = table;
                    break;
                case Memory memory:
                    memories[memoryCount++] = memory;
                    break;
                case Global global:
                    globals[globalCount++] = global;
                    break;
            }
        }

        context.Code = compiled;
        for (var i = functionCount; i < functions.Length; i++)
        {
            var type = definition.GetFunctionType((uint)i);
            var tracksCallDepth = FunctionCompiler.TracksCallDepth(definition.Code[i - functionCount], type);
            functions[i] = new ModuleFunction(type, context, compiled.Methods[i - functionCount], compiled.Entries[i - functionCount], (uint)i, tracksCallDepth);
        }

        context.Functions = functions;
        for (var i = tableCount; i < tables.Length; i++)
        {
            tables[i] = new Table(store, definition.Tables[i], Value.Default(definition.Tables[i].ElementType));
        }

        for (var i = memoryCount; i < memories.Length; i++)
        {
            memories[i] = new Memory(store, definition.Memories[i]);
        }

        context.Tables = tables;
        context.Memory0 = memories.Length > 0 ? memories[0] : null;
        context.Globals = globals;
        for (var i = globalCount; i < globals.Length; i++)
        {
            var global = definition.Globals[i - globalCount];
            globals[i] = new Global(global.Type, ConstantEvaluator.Evaluate(global.Initializer, global.Type.ValueType, context));
        }

        context.ElementSegments = definition.Elements.Select(segment => EvaluateElements(segment, context)).ToArray();
        context.DataSegments = definition.Data.Select(segment => segment.Bytes).ToArray();

        var exports = new Dictionary<string, Extern>(StringComparer.Ordinal);
        foreach (var export in definition.Exports)
        {
            exports[export.Name] = export.Kind switch
            {
                ExternalKind.Function => functions[export.Index],
                ExternalKind.Table => tables[export.Index],
                ExternalKind.Memory => memories[export.Index],
                _ => globals[export.Index],
            };
        }

        InitializeSegments(definition, context);
        if (definition.StartFunction is { } start)
        {
            functions[start].Invoke([]);
        }

        return new Instance(module, context, exports);
    }

    private static object?[] EvaluateElements(ElementSegment segment, InstanceContext context)
    {
        if (segment.FunctionIndices is { } indices)
        {
            return Array.ConvertAll(indices, index => (object?)context.Functions[index]);
        }

        return Array.ConvertAll(segment.Expressions!, expression => ConstantEvaluator.Evaluate(expression, segment.ElementType, context).AsReference());
    }

    private static void InitializeSegments(ModuleDefinition definition, InstanceContext context)
    {
        for (var i = 0; i < definition.Elements.Length; i++)
        {
            var segment = definition.Elements[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var offset = ConstantEvaluator.Evaluate(segment.Offset!, ValueType.I32, context).AsI32();
                Ops.TableInit(offset, 0, segment.Count, i, (int)segment.TableIndex, context);
            }

            if (segment.Mode != SegmentMode.Passive)
            {
                Ops.ElemDrop(i, context);
            }
        }

        for (var i = 0; i < definition.Data.Length; i++)
        {
            var segment = definition.Data[i];
            if (segment.Mode == SegmentMode.Active)
            {
                var offset = ConstantEvaluator.Evaluate(segment.Offset!, ValueType.I32, context).AsI32();
                Ops.MemoryInit(offset, 0, segment.Bytes.Length, i, context);
                Ops.DataDrop(i, context);
            }
        }
    }
}

/// <summary>Evaluates validated constant expressions (numeric constants, global.get, ref.null, ref.func and extended-const arithmetic).</summary>
internal static class ConstantEvaluator
{
    public static Value Evaluate(ConstantExpression expression, ValueType type, InstanceContext context)
    {
        Span<ulong> numbers = stackalloc ulong[expression.Instructions.Length];
        var depth = 0;
        Value last = Value.Default(type);
        foreach (var instruction in expression.Instructions)
        {
            switch (instruction.Opcode)
            {
                case Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const:
                    numbers[depth++] = instruction.Operand;
                    break;
                case Opcode.GlobalGet:
                    var global = context.Globals[instruction.Operand].Get();
                    if (global.Type.IsReference() || global.Type == ValueType.V128)
                    {
                        last = global;
                    }
                    else
                    {
                        numbers[depth++] = global.Bits;
                    }

                    break;
                case Opcode.RefNull:
                    last = Value.Default((ValueType)instruction.Operand);
                    break;
                case Opcode.V128Const:
                    // No instruction of a constant expression takes a v128 operand, so it is the expression's value.
                    last = Value.FromV128(Vector128.Create(instruction.Operand, instruction.High).AsByte());
                    break;
                case Opcode.RefFunc:
                    last = Value.FromFuncRef(context.Functions[instruction.Operand]);
                    break;
                case Opcode.I32Add:
                    depth--;
                    numbers[depth - 1] = (uint)((int)numbers[depth - 1] + (int)numbers[depth]);
                    break;
                case Opcode.I32Sub:
                    depth--;
                    numbers[depth - 1] = (uint)((int)numbers[depth - 1] - (int)numbers[depth]);
                    break;
                case Opcode.I32Mul:
                    depth--;
                    numbers[depth - 1] = (uint)((int)numbers[depth - 1] * (int)numbers[depth]);
                    break;
                case Opcode.I64Add:
                    depth--;
                    numbers[depth - 1] += numbers[depth];
                    break;
                case Opcode.I64Sub:
                    depth--;
                    numbers[depth - 1] -= numbers[depth];
                    break;
                case Opcode.I64Mul:
                    depth--;
                    numbers[depth - 1] *= numbers[depth];
                    break;
            }
        }

        return type switch
        {
            ValueType.I32 => Value.FromI32((int)numbers[0]),
            ValueType.I64 => Value.FromI64((long)numbers[0]),
            ValueType.F32 => Value.FromF32Bits((uint)numbers[0]),
            ValueType.F64 => Value.FromF64Bits(numbers[0]),
            _ => last,
        };
    }
}
