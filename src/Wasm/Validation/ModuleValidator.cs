namespace WitSharp.Wasm;

/// <summary>
/// Checks a decoded module against the specification's validation rules (module-level rules here, function bodies
/// through <see cref="FunctionValidator"/>). A module that passes can be compiled without further checks.
/// </summary>
internal static class ModuleValidator
{
    private const uint MaxMemoryPages = 65536;

    public static void Validate(ModuleDefinition module)
    {
        CheckTypeIndices(module);
        CheckTables(module);
        CheckMemories(module);
        var declared = DeclaredFunctionReferences(module);
        CheckGlobals(module);
        CheckExports(module);
        CheckStart(module);
        CheckElements(module);
        CheckData(module);
        var functions = new FunctionValidator(module, declared);
        foreach (var body in module.Code)
        {
            functions.Validate(body);
        }
    }

    private static void CheckTypeIndices(ModuleDefinition module)
    {
        for (var i = 0; i < module.FunctionTypeIndices.Length; i++)
        {
            var typeIndex = module.FunctionTypeIndices[i];
            if (typeIndex >= (uint)module.Types.Length)
            {
                var section = i < module.ImportedFunctionCount ? "import section" : "function section";
                throw new InvalidModuleException($"unknown type {typeIndex}", module.FunctionDeclarationOffsets[i], $"{section}, function {i}");
            }
        }
    }

    private static void CheckTables(ModuleDefinition module)
    {
        for (var i = 0; i < module.Tables.Length; i++)
        {
            CheckLimits(module.Tables[i].Limits, module.TableOffsets[i], $"table {i}");
        }
    }

    private static void CheckMemories(ModuleDefinition module)
    {
        if (module.Memories.Length > 1)
        {
            throw new UnsupportedFeatureException("multi-memory", module.MemoryOffsets[1], "multiple memories");
        }
        for (var i = 0; i < module.Memories.Length; i++)
        {
            var limits = module.Memories[i].Limits;
            if (limits.Minimum > MaxMemoryPages || limits.Maximum > MaxMemoryPages)
            {
                throw new InvalidModuleException("memory size must be at most 65536 pages (4GiB)", module.MemoryOffsets[i], $"memory {i}");
            }
            CheckLimits(limits, module.MemoryOffsets[i], $"memory {i}");
        }
    }

    private static void CheckLimits(Limits limits, int offset, string context)
    {
        if (limits.Maximum is { } maximum && limits.Minimum > maximum)
        {
            throw new InvalidModuleException("size minimum must not be greater than maximum", offset, context);
        }
    }

    /// <summary>The functions a <c>ref.func</c> in a body may name: those referenced from globals, element segments and exports.</summary>
    private static bool[] DeclaredFunctionReferences(ModuleDefinition module)
    {
        var declared = new bool[module.FunctionTypeIndices.Length];
        void Mark(ConstantExpression expression)
        {
            foreach (var instruction in expression.Instructions)
            {
                if (instruction.Opcode == Opcode.RefFunc && instruction.Operand < (ulong)declared.Length)
                {
                    declared[instruction.Operand] = true;
                }
            }
        }
        foreach (var global in module.Globals)
        {
            Mark(global.Initializer);
        }
        foreach (var segment in module.Elements)
        {
            foreach (var index in segment.FunctionIndices ?? [])
            {
                if (index < (uint)declared.Length)
                {
                    declared[index] = true;
                }
            }
            foreach (var item in segment.Expressions ?? [])
            {
                Mark(item);
            }
        }
        foreach (var export in module.Exports)
        {
            if (export.Kind == ExternalKind.Function && export.Index < (uint)declared.Length)
            {
                declared[export.Index] = true;
            }
        }
        return declared;
    }

    private static void CheckGlobals(ModuleDefinition module)
    {
        for (var i = 0; i < module.Globals.Length; i++)
        {
            var global = module.Globals[i];
            // An initialiser may read imported globals and globals defined before it (extended-const / GC rule).
            CheckConstantExpression(module, global.Initializer, global.Type.ValueType, $"global {module.ImportedGlobalCount + i}");
        }
    }

    private static void CheckExports(ModuleDefinition module)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var export in module.Exports)
        {
            var context = $"export '{export.Name}'";
            if (!names.Add(export.Name))
            {
                throw new InvalidModuleException("duplicate export name", export.Offset, context);
            }
            var (count, kind) = export.Kind switch
            {
                ExternalKind.Function => (module.FunctionTypeIndices.Length, "function"),
                ExternalKind.Table => (module.Tables.Length, "table"),
                ExternalKind.Memory => (module.Memories.Length, "memory"),
                _ => (module.GlobalTypes.Length, "global"),
            };
            if (export.Index >= (uint)count)
            {
                throw new InvalidModuleException($"unknown {kind} {export.Index}", export.Offset, context);
            }
        }
    }

    private static void CheckStart(ModuleDefinition module)
    {
        if (module.StartFunction is not { } start)
        {
            return;
        }
        if (start >= (uint)module.FunctionTypeIndices.Length)
        {
            throw new InvalidModuleException($"unknown function {start}", module.StartOffset, "start section");
        }
        var type = module.GetFunctionType(start);
        if (type.Parameters.Count != 0 || type.Results.Count != 0)
        {
            throw new InvalidModuleException("start function must have type [] -> []", module.StartOffset, "start section");
        }
    }

    private static void CheckElements(ModuleDefinition module)
    {
        for (var i = 0; i < module.Elements.Length; i++)
        {
            var segment = module.Elements[i];
            var context = $"element segment {i}";
            if (segment.Mode == SegmentMode.Active)
            {
                if (segment.TableIndex >= (uint)module.Tables.Length)
                {
                    throw new InvalidModuleException($"unknown table {segment.TableIndex}", segment.SectionOffset, context);
                }
                CheckConstantExpression(module, segment.Offset!, ValueType.I32, context);
                var tableType = module.Tables[segment.TableIndex].ElementType;
                if (tableType != segment.ElementType)
                {
                    throw new InvalidModuleException(
                        $"type mismatch: segment of {segment.ElementType.ToWatName()} for a table of {tableType.ToWatName()}", segment.SectionOffset, context);
                }
            }
            foreach (var index in segment.FunctionIndices ?? [])
            {
                if (index >= (uint)module.FunctionTypeIndices.Length)
                {
                    throw new InvalidModuleException($"unknown function {index}", segment.SectionOffset, context);
                }
            }
            foreach (var item in segment.Expressions ?? [])
            {
                CheckConstantExpression(module, item, segment.ElementType, context);
            }
        }
    }

    private static void CheckData(ModuleDefinition module)
    {
        for (var i = 0; i < module.Data.Length; i++)
        {
            var segment = module.Data[i];
            if (segment.Mode != SegmentMode.Active)
            {
                continue;
            }
            var context = $"data segment {i}";
            if (segment.MemoryIndex >= (uint)module.Memories.Length)
            {
                throw new InvalidModuleException($"unknown memory {segment.MemoryIndex}", segment.SectionOffset, context);
            }
            CheckConstantExpression(module, segment.Offset!, ValueType.I32, context);
        }
    }

    /// <summary>
    /// Checks that <paramref name="expression"/> is constant and produces exactly one <paramref name="expected"/> value;
    /// as in WebAssembly 2.0 it may read only imported globals.
    /// </summary>
    private static void CheckConstantExpression(ModuleDefinition module, ConstantExpression expression, ValueType expected, string context)
    {
        if (expression.NonConstantOffset >= 0)
        {
            throw new InvalidModuleException("constant expression required", expression.NonConstantOffset, context);
        }
        var stack = new Stack<ValueType>();
        InvalidModuleException Mismatch(string detail) => new($"type mismatch: {detail}", expression.Offset, context);
        foreach (var instruction in expression.Instructions)
        {
            switch (instruction.Opcode)
            {
                case Opcode.I32Const: stack.Push(ValueType.I32); break;
                case Opcode.I64Const: stack.Push(ValueType.I64); break;
                case Opcode.F32Const: stack.Push(ValueType.F32); break;
                case Opcode.F64Const: stack.Push(ValueType.F64); break;
                case Opcode.V128Const: stack.Push(ValueType.V128); break;
                case Opcode.RefNull: stack.Push((ValueType)instruction.Operand); break;
                case Opcode.RefFunc:
                    if (instruction.Operand >= (ulong)module.FunctionTypeIndices.Length)
                    {
                        throw new InvalidModuleException($"unknown function {instruction.Operand}", expression.Offset, context);
                    }
                    stack.Push(ValueType.FuncRef);
                    break;
                case Opcode.GlobalGet:
                    if (instruction.Operand >= (ulong)module.ImportedGlobalCount)
                    {
                        throw new InvalidModuleException($"unknown global {instruction.Operand}", expression.Offset, context);
                    }
                    var global = module.GlobalTypes[instruction.Operand];
                    if (global.IsMutable)
                    {
                        throw new InvalidModuleException("constant expression required", expression.Offset, context);
                    }
                    stack.Push(global.ValueType);
                    break;
                default:
                    // i32/i64 add, sub, mul (extended-const).
                    var operandType = instruction.Opcode is Opcode.I32Add or Opcode.I32Sub or Opcode.I32Mul ? ValueType.I32 : ValueType.I64;
                    if (stack.Count < 2 || stack.Pop() != operandType || stack.Pop() != operandType)
                    {
                        throw Mismatch($"{instruction.Opcode} needs two {operandType.ToWatName()} operands");
                    }
                    stack.Push(operandType);
                    break;
            }
        }
        if (stack.Count != 1 || stack.Peek() != expected)
        {
            throw Mismatch($"constant expression must produce one {expected.ToWatName()}");
        }
    }
}
