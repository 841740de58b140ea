using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.InteropServices;

namespace WitSharp.Wasm;

/// <summary>
/// Translates one validated function body to IL. The wasm operand stack is the IL evaluation stack; a compile-time
/// copy of its types lets branches drop surplus values. Code after an unconditional transfer is skipped until the
/// enclosing block ends, so the polymorphic stack of unreachable code never reaches IL.
/// </summary>
internal sealed class FunctionCompiler
{
    private enum FrameKind : byte
    {
        Function,
        Block,
        Loop,
        If,
    }

    private sealed class Frame
    {
        public required FrameKind Kind;
        public required Label Label;
        public Label ElseLabel;
        public required ValueType[] Parameters;
        public required ValueType[] Results;
        public required int Height;
        public bool Targeted;
        public bool ElseSeen;

        public ValueType[] BranchTypes => Kind == FrameKind.Loop ? Parameters : Results;
    }

    private readonly ModuleDefinition _module;
    private readonly MethodBuilder[] _methods;
    private readonly FunctionBody _body;
    private readonly FunctionType _type;
    private readonly ILGenerator _il;
    private readonly bool _meterFuel;
    private readonly LocalStubs _stubs;
    private readonly List<ValueType> _stack = [];
    private readonly List<Frame> _frames = [];
    private readonly LocalBuilder[] _locals;
    private readonly Dictionary<Type, Stack<LocalBuilder>> _freeTemps = [];
    private readonly int _contextArgument;
    private bool _reachable = true;
    private int _deadDepth;
    private long _pendingFuel;

    /// <summary>The store, loaded once: compiled code reads it at every loop header and call. Absent in a leaf
    /// function that neither meters fuel nor loops, which never needs it.</summary>
    private readonly LocalBuilder? _store;

    /// <summary>Whether the function counts itself in <see cref="Store.CallDepth"/> (see <see cref="TracksCallDepth"/>).</summary>
    private readonly bool _tracksCallDepth;

    /// <summary>
    /// Memory 0's base address and byte length, or <see langword="null"/> without a memory. Kept in locals so the JIT
    /// can keep them in registers; the length is reloaded after anything that can grow the memory (memory.grow and
    /// every call). The base never moves.
    /// </summary>
    private readonly LocalBuilder? _memoryBase;

    private readonly LocalBuilder? _memoryLength;

    public FunctionCompiler(ModuleDefinition module, MethodBuilder[] methods, FunctionBody body, MethodBuilder method, LocalStubs stubs, bool meterFuel)
    {
        _stubs = stubs;
        _module = module;
        _methods = methods;
        _body = body;
        _type = module.GetFunctionType(body.FunctionIndex);
        _il = method.GetILGenerator();
        _meterFuel = meterFuel;
        _contextArgument = _type.ParameterArray.Length;
        var declared = body.ExpandLocals();
        _locals = new LocalBuilder[declared.Length];
        for (var i = 0; i < declared.Length; i++)
        {
            _locals[i] = _il.DeclareLocal(IlTypes.ClrType(declared[i]));
        }

        _tracksCallDepth = TracksCallDepth(body, _type);
        if (_tracksCallDepth || meterFuel || (body.Traits & FunctionTraits.Loops) != 0)
        {
            _store = _il.DeclareLocal(typeof(Store));
        }

        if (module.Memories.Length > 0 && (body.Traits & FunctionTraits.MemoryAccess) != 0)
        {
            _memoryBase = _il.DeclareLocal(typeof(nint));
            _memoryLength = _il.DeclareLocal(typeof(ulong));
        }
    }

    /// <summary>
    /// Whether compiled code of the function enters and leaves <see cref="Store.CallDepth"/> (with the stack and interrupt
    /// checks of <see cref="Ops.Enter"/>). A leaf (no calls) with a small frame skips that bookkeeping: it adds one bounded
    /// frame above a caller that was checked, and its loops poll interrupts themselves. Hosts calling a leaf then need not
    /// restore the depth after a trap either.
    /// </summary>
    internal static bool TracksCallDepth(FunctionBody body, FunctionType type) =>
        (body.Traits & FunctionTraits.Calls) != 0 || HasLargeFrame(body, type);

    private static bool HasLargeFrame(FunctionBody body, FunctionType type) => body.LocalCount + type.ParameterArray.Length + body.MaxStackHeight > 64;

    public void Compile()
    {
        if (_store is not null)
        {
            LoadContext();
            EmitLoad(IlTypes.ContextStore);
            _il.Emit(OpCodes.Stloc, _store);
        }

        if (_memoryBase is not null)
        {
            LoadMemory();
            EmitLoad(IlTypes.MemoryBase);
            _il.Emit(OpCodes.Stloc, _memoryBase);
        }

        ReloadMemoryLength();
        if (_tracksCallDepth)
        {
            LoadStore();
            EmitCall(IlTypes.Op(HasLargeFrame(_body, _type) ? nameof(Ops.EnterLargeFrame) : nameof(Ops.Enter)));
        }
        _frames.Add(new Frame { Kind = FrameKind.Function, Label = _il.DefineLabel(), Parameters = [], Results = _type.ResultArray, Height = 0 });

        var reader = new InstructionReader(_body.Body.Span, _body.BodyOffset, null);
        while (_frames.Count > 0)
        {
            var instruction = reader.Read();
            if (!_reachable)
            {
                SkipDead(instruction, ref reader);
                continue;
            }

            Emit(instruction, ref reader);
        }
    }

    private void SkipDead(in Instruction instruction, ref InstructionReader reader)
    {
        switch (instruction.Opcode)
        {
            case Opcode.Block or Opcode.Loop or Opcode.If:
                _deadDepth++;
                break;
            case Opcode.Else when _deadDepth == 0:
                Emit(instruction, ref reader);
                break;
            case Opcode.End when _deadDepth > 0:
                _deadDepth--;
                break;
            case Opcode.End:
                Emit(instruction, ref reader);
                break;
        }
    }

    private void Emit(in Instruction instruction, ref InstructionReader reader)
    {
        var op = instruction.Opcode;
        if (_reachable)
        {
            _pendingFuel++;
        }

        switch (op)
        {
            case Opcode.Unreachable:
                FlushFuel();
                EmitTrap(TrapKind.Unreachable);
                break;
            case Opcode.Nop:
                break;
            case Opcode.Block:
            case Opcode.Loop:
            case Opcode.If:
                FlushFuel();
                BeginBlock(op, instruction.BlockType);
                break;
            case Opcode.Else:
                FlushFuel();
                Else();
                break;
            case Opcode.End:
                FlushFuel();
                End();
                break;
            case Opcode.Br:
                FlushFuel();
                Branch(_frames[^(1 + (int)instruction.Index)]);
                _reachable = false;
                break;
            case Opcode.BrIf:
            {
                FlushFuel();
                Pop();
                var skip = _il.DefineLabel();
                _il.Emit(OpCodes.Brfalse, skip);
                Branch(_frames[^(1 + (int)instruction.Index)]);
                _il.MarkLabel(skip);
                break;
            }
            case Opcode.BrTable:
                FlushFuel();
                BranchTable(instruction, ref reader);
                break;
            case Opcode.Return:
                FlushFuel();
                Branch(_frames[0]);
                _reachable = false;
                break;
            case Opcode.Call:
                FlushFuel();
                Call(instruction.Index);
                break;
            case Opcode.CallIndirect:
                FlushFuel();
                CallIndirect(instruction.Index, instruction.Index2);
                break;
            case Opcode.Drop:
                Pop();
                _il.Emit(OpCodes.Pop);
                break;
            case Opcode.Select:
            case Opcode.SelectTyped:
            {
                Pop();
                Pop();
                var type = Peek();
                EmitCall(typeof(Ops).GetMethod(nameof(Ops.Select))!.MakeGenericMethod(IlTypes.ClrType(type)));
                break;
            }
            case Opcode.LocalGet:
                LoadLocal(instruction.Index);
                Push(LocalType(instruction.Index));
                break;
            case Opcode.LocalSet:
                Pop();
                StoreLocal(instruction.Index);
                break;
            case Opcode.LocalTee:
                _il.Emit(OpCodes.Dup);
                StoreLocal(instruction.Index);
                break;
            case Opcode.GlobalGet:
                GlobalGet(instruction.Index);
                break;
            case Opcode.GlobalSet:
                GlobalSet(instruction.Index);
                break;
            case Opcode.TableGet:
                EmitConstant(instruction.Index);
                LoadContext();
                CallOp(nameof(Ops.TableGet), 1, _module.Tables[instruction.Index].ElementType);
                break;
            case Opcode.TableSet:
                EmitConstant(instruction.Index);
                LoadContext();
                CallOp(nameof(Ops.TableSet), 2, null);
                break;
            case >= Opcode.I32Load and <= Opcode.I64Load32U:
                Load(op, instruction.Immediate);
                break;
            case >= Opcode.I32Store and <= Opcode.I64Store32:
                StoreToMemory(op, instruction.Immediate);
                break;
            case Opcode.MemorySize:
                LoadMemory();
                CallOp(nameof(Ops.MemorySize), 0, ValueType.I32);
                break;
            case Opcode.MemoryGrow:
                LoadMemory();
                CallOp(nameof(Ops.MemoryGrow), 1, ValueType.I32);
                ReloadMemoryLength();
                break;
            case Opcode.I32Const:
                _il.Emit(OpCodes.Ldc_I4, (int)instruction.Immediate);
                Push(ValueType.I32);
                break;
            case Opcode.I64Const:
                _il.Emit(OpCodes.Ldc_I8, (long)instruction.Immediate);
                Push(ValueType.I64);
                break;
            case Opcode.F32Const:
                _il.Emit(OpCodes.Ldc_I4, (int)(uint)instruction.Immediate);
                EmitCall(IlTypes.Op(Ops.NeedsOpaqueConstant(BitConverter.Int32BitsToSingle((int)(uint)instruction.Immediate))
                    ? nameof(Ops.F32OpaqueConstant) : nameof(Ops.F32ReinterpretI32)));
                Push(ValueType.F32);
                break;
            case Opcode.F64Const:
                _il.Emit(OpCodes.Ldc_I8, (long)instruction.Immediate);
                EmitCall(IlTypes.Op(Ops.NeedsOpaqueConstant(BitConverter.Int64BitsToDouble((long)instruction.Immediate))
                    ? nameof(Ops.F64OpaqueConstant) : nameof(Ops.F64ReinterpretI64)));
                Push(ValueType.F64);
                break;
            case Opcode.RefNull:
                _il.Emit(OpCodes.Ldnull);
                Push((ValueType)instruction.Index);
                break;
            case Opcode.RefIsNull:
                Pop();
                _il.Emit(OpCodes.Ldnull);
                _il.Emit(OpCodes.Ceq);
                Push(ValueType.I32);
                break;
            case Opcode.RefFunc:
                LoadFunctionObject(instruction.Index);
                Push(ValueType.FuncRef);
                break;
            case Opcode.MemoryInit:
                EmitConstant(instruction.Index);
                LoadContext();
                CallOp(nameof(Ops.MemoryInit), 3, null);
                break;
            case Opcode.DataDrop:
                EmitConstant(instruction.Index);
                LoadContext();
                CallOp(nameof(Ops.DataDrop), 0, null);
                break;
            case Opcode.MemoryCopy:
                LoadMemory();
                CallOp(nameof(Ops.MemoryCopy), 3, null);
                break;
            case Opcode.MemoryFill:
                LoadMemory();
                CallOp(nameof(Ops.MemoryFill), 3, null);
                break;
            case Opcode.TableInit:
                EmitConstant(instruction.Index);
                EmitConstant(instruction.Index2);
                LoadContext();
                CallOp(nameof(Ops.TableInit), 3, null);
                break;
            case Opcode.ElemDrop:
                EmitConstant(instruction.Index);
                LoadContext();
                CallOp(nameof(Ops.ElemDrop), 0, null);
                break;
            case Opcode.TableCopy:
                EmitConstant(instruction.Index);
                EmitConstant(instruction.Index2);
                LoadContext();
                CallOp(nameof(Ops.TableCopy), 3, null);
                break;
            case Opcode.TableGrow:
                EmitConstant(instruction.Index);
                LoadContext();
                CallOp(nameof(Ops.TableGrow), 2, ValueType.I32);
                break;
            case Opcode.TableSize:
                EmitConstant(instruction.Index);
                LoadContext();
                CallOp(nameof(Ops.TableSize), 0, ValueType.I32);
                break;
            case Opcode.TableFill:
                EmitConstant(instruction.Index);
                LoadContext();
                CallOp(nameof(Ops.TableFill), 3, null);
                break;
            case var _ when SimdInstructions.IsSimd(op):
                Simd(instruction);
                break;
            default:
                Numeric(op);
                break;
        }
    }

    // ---- stack model ----

    private void Push(ValueType type) => _stack.Add(type);

    private ValueType Pop()
    {
        var type = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return type;
    }

    private ValueType Peek() => _stack[^1];

    private void SetHeight(int height) => _stack.RemoveRange(height, _stack.Count - height);

    // ---- helpers ----

    private void LoadContext() => _il.Emit(OpCodes.Ldarg, _contextArgument);

    /// <summary>Calls a static helper of this assembly through the module's local stub (see <see cref="LocalStubs"/>).</summary>
    private void EmitCall(MethodInfo method) => _il.Emit(OpCodes.Call, _stubs.Call(method));

    /// <summary>Replaces the object on the stack by its <paramref name="field"/>, through a local stub.</summary>
    private void EmitLoad(FieldInfo field) => _il.Emit(OpCodes.Call, _stubs.Load(field));

    private void LoadStore() => _il.Emit(OpCodes.Ldloc, _store!);

    /// <summary>
    /// Loop headers poll the store's interrupt flags with a volatile load (so the JIT cannot hoist it out of the loop)
    /// and a branch to a throw. No call on the hot path keeps the loop's values in registers.
    /// </summary>
    private void EmitInterruptCheck()
    {
        var running = _il.DefineLabel();
        LoadStore();
        _il.Emit(OpCodes.Call, _stubs.Load(IlTypes.StoreInterruptFlags, isVolatile: true));
        _il.Emit(OpCodes.Brfalse, running);
        EmitCall(IlTypes.Op(nameof(Ops.Interrupted)));
        _il.Emit(OpCodes.Throw);
        _il.MarkLabel(running);
    }

    private void ReloadMemoryLength()
    {
        if (_memoryLength is not null)
        {
            LoadMemory();
            EmitLoad(IlTypes.MemoryByteLength);
            _il.Emit(OpCodes.Stloc, _memoryLength);
        }
    }

    private void LoadMemory()
    {
        LoadContext();
        EmitLoad(IlTypes.ContextMemory);
    }

    private void EmitConstant(uint value) => _il.Emit(OpCodes.Ldc_I4, (int)value);

    /// <summary>Calls an <see cref="Ops"/> helper that pops <paramref name="wasmOperands"/> wasm values and pushes <paramref name="result"/>.</summary>
    private void CallOp(string name, int wasmOperands, ValueType? result) => CallHelper(IlTypes.Op(name), wasmOperands, result);

    /// <summary>Calls a helper that pops <paramref name="wasmOperands"/> wasm values and pushes <paramref name="result"/>.</summary>
    private void CallHelper(MethodInfo helper, int wasmOperands, ValueType? result)
    {
        EmitCall(helper);
        SetHeight(_stack.Count - wasmOperands);
        if (result is { } type)
        {
            Push(type);
        }
    }

    private void EmitTrap(TrapKind kind)
    {
        _il.Emit(OpCodes.Ldc_I4, (int)kind);
        EmitCall(IlTypes.Op(nameof(Ops.Trap)));
        _il.Emit(OpCodes.Throw);
        _reachable = false;
    }

    private void FlushFuel()
    {
        if (_meterFuel && _reachable && _pendingFuel > 0)
        {
            _il.Emit(OpCodes.Ldc_I8, _pendingFuel);
            LoadStore();
            EmitCall(IlTypes.Op(nameof(Ops.ConsumeFuel)));
        }

        _pendingFuel = 0;
    }

    private LocalBuilder RentTemp(ValueType type)
    {
        var clr = IlTypes.ClrType(type);
        return _freeTemps.TryGetValue(clr, out var free) && free.Count > 0 ? free.Pop() : _il.DeclareLocal(clr);
    }

    private void ReturnTemp(LocalBuilder temp)
    {
        if (!_freeTemps.TryGetValue(temp.LocalType, out var free))
        {
            _freeTemps[temp.LocalType] = free = new Stack<LocalBuilder>();
        }

        free.Push(temp);
    }

    private ValueType LocalType(uint index) =>
        index < _type.ParameterArray.Length ? _type.ParameterArray[index] : _body.GetLocalType(index - (uint)_type.ParameterArray.Length);

    private void LoadLocal(uint index)
    {
        if (index < _type.ParameterArray.Length)
        {
            _il.Emit(OpCodes.Ldarg, (int)index);
        }
        else
        {
            _il.Emit(OpCodes.Ldloc, _locals[index - _type.ParameterArray.Length]);
        }
    }

    private void StoreLocal(uint index)
    {
        if (index < _type.ParameterArray.Length)
        {
            _il.Emit(OpCodes.Starg, (int)index);
        }
        else
        {
            _il.Emit(OpCodes.Stloc, _locals[index - _type.ParameterArray.Length]);
        }
    }

    private ValueType[] BlockParameters(BlockType type) =>
        type.Kind == BlockTypeKind.TypeIndex ? _module.Types[type.TypeIndex].ParameterArray : [];

    private ValueType[] BlockResults(BlockType type) => type.Kind switch
    {
        BlockTypeKind.Empty => [],
        BlockTypeKind.Value => [type.ValueType],
        _ => _module.Types[type.TypeIndex].ResultArray,
    };

    // ---- control flow ----

    private void BeginBlock(Opcode op, BlockType blockType)
    {
        if (op == Opcode.If)
        {
            Pop();
        }

        var parameters = BlockParameters(blockType);
        var frame = new Frame
        {
            Kind = op switch { Opcode.Block => FrameKind.Block, Opcode.Loop => FrameKind.Loop, _ => FrameKind.If },
            Label = _il.DefineLabel(),
            Parameters = parameters,
            Results = BlockResults(blockType),
            Height = _stack.Count - parameters.Length,
        };
        _frames.Add(frame);
        switch (frame.Kind)
        {
            case FrameKind.Loop:
                _il.MarkLabel(frame.Label);
                EmitInterruptCheck();
                break;
            case FrameKind.If:
                frame.ElseLabel = _il.DefineLabel();
                _il.Emit(OpCodes.Brfalse, frame.ElseLabel);
                break;
        }
    }

    private void Else()
    {
        var frame = _frames[^1];
        if (_reachable)
        {
            _il.Emit(OpCodes.Br, frame.Label);
            frame.Targeted = true;
        }

        frame.ElseSeen = true;
        _il.MarkLabel(frame.ElseLabel);
        SetHeight(frame.Height);
        foreach (var type in frame.Parameters)
        {
            Push(type);
        }

        _reachable = true;
    }

    private void End()
    {
        var frame = _frames[^1];
        _frames.RemoveAt(_frames.Count - 1);
        if (frame.Kind == FrameKind.If && !frame.ElseSeen)
        {
            // Without an else the false branch passes the parameters through as results (the validator checked they match).
            if (_reachable)
            {
                _il.Emit(OpCodes.Br, frame.Label);
            }

            _il.MarkLabel(frame.ElseLabel);
            frame.Targeted = true;
            _reachable = true;
        }

        if (frame.Kind != FrameKind.Loop)
        {
            _il.MarkLabel(frame.Label);
            _reachable |= frame.Targeted;
        }

        SetHeight(Math.Min(frame.Height, _stack.Count));
        foreach (var type in frame.Results)
        {
            Push(type);
        }

        if (frame.Kind == FrameKind.Function && _reachable)
        {
            EmitReturn();
        }
    }

    private void EmitReturn()
    {
        if (_tracksCallDepth)
        {
            LoadStore();
            EmitCall(IlTypes.Op(nameof(Ops.Leave)));
        }

        var results = _type.ResultArray;
        if (results.Length > 1)
        {
            for (var i = results.Length - 1; i >= 0; i--)
            {
                EmitCall(IlTypes.ValueFactory(results[i]));
                _il.Emit(OpCodes.Ldc_I4, i);
                EmitCall(IlTypes.Op(nameof(Ops.StoreResult)));
            }
        }

        _il.Emit(OpCodes.Ret);
    }

    /// <summary>Branches to <paramref name="target"/>, dropping operand-stack values above its height that the branch does not carry.</summary>
    private void Branch(Frame target)
    {
        var carried = target.BranchTypes;
        var surplus = _stack.Count - target.Height - carried.Length;
        if (surplus > 0)
        {
            var temps = new LocalBuilder[carried.Length];
            for (var i = carried.Length - 1; i >= 0; i--)
            {
                temps[i] = RentTemp(carried[i]);
                _il.Emit(OpCodes.Stloc, temps[i]);
            }

            for (var i = 0; i < surplus; i++)
            {
                _il.Emit(OpCodes.Pop);
            }

            foreach (var temp in temps)
            {
                _il.Emit(OpCodes.Ldloc, temp);
                ReturnTemp(temp);
            }
        }

        target.Targeted = true;
        _il.Emit(OpCodes.Br, target.Label);
    }

    private void BranchTable(in Instruction instruction, ref InstructionReader reader)
    {
        Pop();
        var depths = new List<uint>((int)Math.Min(instruction.Index, 4096));
        var targets = reader.GetBrTableTargets(instruction);
        while (targets.MoveNext(out var depth))
        {
            depths.Add(depth);
        }

        // One stub per distinct depth: the stubs fix up the stack for their target and branch.
        var stubs = new Dictionary<uint, Label>();
        var labels = new Label[depths.Count];
        for (var i = 0; i < depths.Count; i++)
        {
            if (!stubs.TryGetValue(depths[i], out labels[i]))
            {
                stubs[depths[i]] = labels[i] = _il.DefineLabel();
            }
        }

        if (!stubs.TryGetValue(instruction.Index2, out var defaultLabel))
        {
            stubs[instruction.Index2] = defaultLabel = _il.DefineLabel();
        }

        _il.Emit(OpCodes.Switch, labels);
        _il.Emit(OpCodes.Br, defaultLabel);
        foreach (var (depth, label) in stubs)
        {
            _il.MarkLabel(label);
            Branch(_frames[^(1 + (int)depth)]);
        }

        _reachable = false;
    }

    private void LoadFunctionObject(uint index)
    {
        LoadContext();
        EmitLoad(IlTypes.ContextFunctions);
        _il.Emit(OpCodes.Ldc_I4, (int)index);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    private void Call(uint index)
    {
        var type = _module.GetFunctionType(index);
        if (index >= _module.ImportedFunctionCount)
        {
            LoadContext();
            _il.Emit(OpCodes.Call, _methods[index - _module.ImportedFunctionCount]);
        }
        else
        {
            LoadFunctionObject(index);
            CallThroughFunctionObject(type);
        }

        FinishCall(type);
    }

    private void CallIndirect(uint typeIndex, uint table)
    {
        var type = _module.Types[typeIndex];
        EmitConstant(typeIndex);
        EmitConstant(table);
        LoadContext();
        EmitCall(IlTypes.Op(nameof(Ops.ResolveIndirect)));
        Pop();
        CallThroughFunctionObject(type);
        FinishCall(type);
    }

    /// <summary>With the arguments and then a <see cref="Function"/> on the stack, calls its entry point with its context.</summary>
    private void CallThroughFunctionObject(FunctionType type)
    {
        var function = RentTempOfType(typeof(Function));
        _il.Emit(OpCodes.Stloc, function);
        _il.Emit(OpCodes.Ldloc, function);
        EmitLoad(IlTypes.FunctionContext);
        _il.Emit(OpCodes.Ldloc, function);
        EmitLoad(IlTypes.FunctionEntry);
        ReturnTemp(function);
        _il.Emit(OpCodes.Call, _stubs.CallIndirect(type));
    }

    private LocalBuilder RentTempOfType(Type clr) =>
        _freeTemps.TryGetValue(clr, out var free) && free.Count > 0 ? free.Pop() : _il.DeclareLocal(clr);

    private void FinishCall(FunctionType type)
    {
        // The callee may have grown memory 0 (directly, through a host function or through another instance).
        ReloadMemoryLength();
        SetHeight(_stack.Count - type.ParameterArray.Length);
        var results = type.ResultArray;
        if (results.Length > 1)
        {
            for (var i = 0; i < results.Length; i++)
            {
                _il.Emit(OpCodes.Ldc_I4, i);
                EmitCall(IlTypes.ResultLoader(results[i]));
            }
        }

        foreach (var result in results)
        {
            Push(result);
        }
    }

    // ---- globals and memory ----

    private void LoadGlobalObject(uint index)
    {
        LoadContext();
        EmitLoad(IlTypes.ContextGlobals);
        _il.Emit(OpCodes.Ldc_I4, (int)index);
        _il.Emit(OpCodes.Ldelem_Ref);
    }

    private void GlobalGet(uint index)
    {
        var type = _module.GlobalTypes[index].ValueType;
        LoadGlobalObject(index);
        if (type == ValueType.V128)
        {
            EmitCall(IlTypes.SimdOp(nameof(SimdOps.GlobalGet)));
        }
        else if (type.IsReference())
        {
            EmitLoad(IlTypes.GlobalReference);
        }
        else
        {
            EmitLoad(IlTypes.GlobalBits);
            switch (type)
            {
                case ValueType.I32:
                    _il.Emit(OpCodes.Conv_I4);
                    break;
                case ValueType.F32:
                    _il.Emit(OpCodes.Conv_I4);
                    EmitCall(IlTypes.Op(nameof(Ops.F32ReinterpretI32)));
                    break;
                case ValueType.F64:
                    EmitCall(IlTypes.Op(nameof(Ops.F64ReinterpretI64)));
                    break;
            }
        }

        Push(type);
    }

    private void GlobalSet(uint index)
    {
        var type = Pop();
        var temp = RentTemp(type);
        _il.Emit(OpCodes.Stloc, temp);
        LoadGlobalObject(index);
        _il.Emit(OpCodes.Ldloc, temp);
        ReturnTemp(temp);
        if (type == ValueType.V128)
        {
            EmitCall(IlTypes.SimdOp(nameof(SimdOps.GlobalSet)));
            return;
        }

        switch (type)
        {
            case ValueType.I32:
                _il.Emit(OpCodes.Conv_U8);
                break;
            case ValueType.F32:
                EmitCall(IlTypes.Op(nameof(Ops.I32ReinterpretF32)));
                _il.Emit(OpCodes.Conv_U8);
                break;
            case ValueType.F64:
                EmitCall(IlTypes.Op(nameof(Ops.I64ReinterpretF64)));
                break;
        }

        _il.Emit(OpCodes.Call, _stubs.Store(type.IsReference() ? IlTypes.GlobalReference : IlTypes.GlobalBits));
    }

    private void Load(Opcode op, ulong offset)
    {
        var (helper, type) = op switch
        {
            Opcode.I32Load => (nameof(Ops.LoadI32), ValueType.I32),
            Opcode.I64Load => (nameof(Ops.LoadI64), ValueType.I64),
            Opcode.F32Load => (nameof(Ops.LoadF32), ValueType.F32),
            Opcode.F64Load => (nameof(Ops.LoadF64), ValueType.F64),
            Opcode.I32Load8S => (nameof(Ops.LoadI32From8S), ValueType.I32),
            Opcode.I32Load8U => (nameof(Ops.LoadI32From8U), ValueType.I32),
            Opcode.I32Load16S => (nameof(Ops.LoadI32From16S), ValueType.I32),
            Opcode.I32Load16U => (nameof(Ops.LoadI32From16U), ValueType.I32),
            Opcode.I64Load8S => (nameof(Ops.LoadI64From8S), ValueType.I64),
            Opcode.I64Load8U => (nameof(Ops.LoadI64From8U), ValueType.I64),
            Opcode.I64Load16S => (nameof(Ops.LoadI64From16S), ValueType.I64),
            Opcode.I64Load16U => (nameof(Ops.LoadI64From16U), ValueType.I64),
            Opcode.I64Load32S => (nameof(Ops.LoadI64From32S), ValueType.I64),
            _ => (nameof(Ops.LoadI64From32U), ValueType.I64),
        };
        EmitMemoryOperand(offset);
        CallOp(helper, 1, type);
    }

    /// <summary>What every memory helper takes after its operands: the static offset, the memory's base and its length.</summary>
    private void EmitMemoryOperand(ulong offset)
    {
        _il.Emit(OpCodes.Ldc_I8, (long)offset);
        _il.Emit(OpCodes.Ldloc, _memoryBase!);
        _il.Emit(OpCodes.Ldloc, _memoryLength!);
    }

    private void StoreToMemory(Opcode op, ulong offset)
    {
        var helper = op switch
        {
            Opcode.I32Store => nameof(Ops.StoreI32),
            Opcode.I64Store => nameof(Ops.StoreI64),
            Opcode.F32Store => nameof(Ops.StoreF32),
            Opcode.F64Store => nameof(Ops.StoreF64),
            Opcode.I32Store8 => nameof(Ops.StoreI32As8),
            Opcode.I32Store16 => nameof(Ops.StoreI32As16),
            Opcode.I64Store8 => nameof(Ops.StoreI64As8),
            Opcode.I64Store16 => nameof(Ops.StoreI64As16),
            _ => nameof(Ops.StoreI64As32),
        };
        EmitMemoryOperand(offset);
        CallOp(helper, 2, null);
    }

    // ---- SIMD ----

    /// <summary>Each SIMD instruction is a call of its <see cref="SimdOps"/> helper; immediates are pushed after the operands.</summary>
    private void Simd(in Instruction instruction)
    {
        var simd = SimdInstructions.Of(instruction.Opcode);
        var helper = IlTypes.SimdOp(simd.HelperName);
        switch (simd.Shape)
        {
            case SimdShape.Load or SimdShape.Store or SimdShape.LoadLane or SimdShape.StoreLane:
                if (simd.Shape is SimdShape.LoadLane or SimdShape.StoreLane)
                {
                    _il.Emit(OpCodes.Ldc_I4, (int)instruction.High);
                }

                EmitMemoryOperand(instruction.Immediate);
                CallHelper(helper, simd.Shape == SimdShape.Load ? 1 : 2, simd.Shape is SimdShape.Load or SimdShape.LoadLane ? ValueType.V128 : null);
                break;
            case SimdShape.Const:
                EmitV128Constant(instruction);
                Push(ValueType.V128);
                break;
            case SimdShape.Shuffle:
                EmitV128Constant(instruction);
                CallHelper(helper, 2, ValueType.V128);
                break;
            case SimdShape.ExtractLane:
                EmitConstant(instruction.Index);
                CallHelper(helper, 1, simd.Scalar);
                break;
            case SimdShape.ReplaceLane:
                EmitConstant(instruction.Index);
                CallHelper(helper, 2, ValueType.V128);
                break;
            case SimdShape.Splat or SimdShape.Unary:
                CallHelper(helper, 1, ValueType.V128);
                break;
            case SimdShape.Binary or SimdShape.Shift:
                CallHelper(helper, 2, ValueType.V128);
                break;
            case SimdShape.Ternary:
                CallHelper(helper, 3, ValueType.V128);
                break;
            default: // Test
                CallHelper(helper, 1, ValueType.I32);
                break;
        }
    }

    /// <summary>Pushes the 16 immediate bytes of v128.const or i8x16.shuffle.</summary>
    private void EmitV128Constant(in Instruction instruction)
    {
        _il.Emit(OpCodes.Ldc_I8, (long)instruction.Immediate);
        _il.Emit(OpCodes.Ldc_I8, (long)instruction.High);
        EmitCall(IlTypes.SimdOp(nameof(SimdOps.V128Const)));
    }

    // ---- numeric instructions ----

    private void Simple(OpCode code, int operands, ValueType result)
    {
        _il.Emit(code);
        SetHeight(_stack.Count - operands);
        Push(result);
    }

    private void Compare(OpCode code, bool negate)
    {
        _il.Emit(code);
        if (negate)
        {
            _il.Emit(OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Ceq);
        }

        SetHeight(_stack.Count - 2);
        Push(ValueType.I32);
    }

    private void Shift(OpCode code, bool is64)
    {
        if (is64)
        {
            _il.Emit(OpCodes.Conv_I4);
            _il.Emit(OpCodes.Ldc_I4, 63);
        }
        else
        {
            _il.Emit(OpCodes.Ldc_I4, 31);
        }

        _il.Emit(OpCodes.And);
        Simple(code, 2, is64 ? ValueType.I64 : ValueType.I32);
    }

    private void Numeric(Opcode op)
    {
        const ValueType I32 = ValueType.I32, I64 = ValueType.I64, F32 = ValueType.F32, F64 = ValueType.F64;
        switch (op)
        {
            case Opcode.I32Eqz:
                _il.Emit(OpCodes.Ldc_I4_0);
                _il.Emit(OpCodes.Ceq);
                SetHeight(_stack.Count - 1);
                Push(I32);
                break;
            case Opcode.I64Eqz:
                _il.Emit(OpCodes.Ldc_I8, 0L);
                _il.Emit(OpCodes.Ceq);
                SetHeight(_stack.Count - 1);
                Push(I32);
                break;
            case Opcode.I32Eq or Opcode.I64Eq or Opcode.F32Eq or Opcode.F64Eq:
                Compare(OpCodes.Ceq, false);
                break;
            case Opcode.I32Ne or Opcode.I64Ne or Opcode.F32Ne or Opcode.F64Ne:
                Compare(OpCodes.Ceq, true);
                break;
            case Opcode.I32LtS or Opcode.I64LtS or Opcode.F32Lt or Opcode.F64Lt:
                Compare(OpCodes.Clt, false);
                break;
            case Opcode.I32LtU or Opcode.I64LtU:
                Compare(OpCodes.Clt_Un, false);
                break;
            case Opcode.I32GtS or Opcode.I64GtS or Opcode.F32Gt or Opcode.F64Gt:
                Compare(OpCodes.Cgt, false);
                break;
            case Opcode.I32GtU or Opcode.I64GtU:
                Compare(OpCodes.Cgt_Un, false);
                break;
            case Opcode.I32LeS or Opcode.I64LeS:
                Compare(OpCodes.Cgt, true);
                break;
            case Opcode.I32LeU or Opcode.I64LeU or Opcode.F32Le or Opcode.F64Le:
                // For floats, cgt.un is true when unordered, so its negation is "ordered and less or equal".
                Compare(OpCodes.Cgt_Un, true);
                break;
            case Opcode.I32GeS or Opcode.I64GeS:
                Compare(OpCodes.Clt, true);
                break;
            case Opcode.I32GeU or Opcode.I64GeU or Opcode.F32Ge or Opcode.F64Ge:
                Compare(OpCodes.Clt_Un, true);
                break;
            case Opcode.I32Add or Opcode.I64Add or Opcode.F32Add or Opcode.F64Add:
                Simple(OpCodes.Add, 2, Peek());
                break;
            case Opcode.I32Sub or Opcode.I64Sub or Opcode.F32Sub or Opcode.F64Sub:
                Simple(OpCodes.Sub, 2, Peek());
                break;
            case Opcode.I32Mul or Opcode.I64Mul or Opcode.F32Mul or Opcode.F64Mul:
                Simple(OpCodes.Mul, 2, Peek());
                break;
            case Opcode.F32Div or Opcode.F64Div:
                Simple(OpCodes.Div, 2, Peek());
                break;
            case Opcode.I32And or Opcode.I64And:
                Simple(OpCodes.And, 2, Peek());
                break;
            case Opcode.I32Or or Opcode.I64Or:
                Simple(OpCodes.Or, 2, Peek());
                break;
            case Opcode.I32Xor or Opcode.I64Xor:
                Simple(OpCodes.Xor, 2, Peek());
                break;
            case Opcode.I32Shl:
                Shift(OpCodes.Shl, false);
                break;
            case Opcode.I32ShrS:
                Shift(OpCodes.Shr, false);
                break;
            case Opcode.I32ShrU:
                Shift(OpCodes.Shr_Un, false);
                break;
            case Opcode.I64Shl:
                Shift(OpCodes.Shl, true);
                break;
            case Opcode.I64ShrS:
                Shift(OpCodes.Shr, true);
                break;
            case Opcode.I64ShrU:
                Shift(OpCodes.Shr_Un, true);
                break;
            case Opcode.I32WrapI64:
                Simple(OpCodes.Conv_I4, 1, I32);
                break;
            case Opcode.I64ExtendI32S:
                Simple(OpCodes.Conv_I8, 1, I64);
                break;
            case Opcode.I64ExtendI32U:
                Simple(OpCodes.Conv_U8, 1, I64);
                break;
            case Opcode.F32ConvertI32S or Opcode.F32ConvertI64S or Opcode.F32DemoteF64:
                Simple(OpCodes.Conv_R4, 1, F32);
                break;
            case Opcode.F64ConvertI32S or Opcode.F64ConvertI64S:
                Simple(OpCodes.Conv_R8, 1, F64);
                break;
            case Opcode.F64PromoteF32:
                CallOp(nameof(Ops.F64PromoteF32), 1, F64);
                break;
            case Opcode.I32Extend8S:
                _il.Emit(OpCodes.Conv_I1);
                break;
            case Opcode.I32Extend16S:
                _il.Emit(OpCodes.Conv_I2);
                break;
            case Opcode.I64Extend8S:
                _il.Emit(OpCodes.Conv_I1);
                _il.Emit(OpCodes.Conv_I8);
                break;
            case Opcode.I64Extend16S:
                _il.Emit(OpCodes.Conv_I2);
                _il.Emit(OpCodes.Conv_I8);
                break;
            case Opcode.I64Extend32S:
                _il.Emit(OpCodes.Conv_I4);
                _il.Emit(OpCodes.Conv_I8);
                break;
            default:
                var (helper, operands, result) = HelperFor(op);
                CallOp(helper, operands, result);
                break;
        }
    }

    private static (string Helper, int Operands, ValueType Result) HelperFor(Opcode op)
    {
        const ValueType I32 = ValueType.I32, I64 = ValueType.I64, F32 = ValueType.F32, F64 = ValueType.F64;
        return op switch
        {
            Opcode.I32Clz => (nameof(Ops.I32Clz), 1, I32),
            Opcode.I32Ctz => (nameof(Ops.I32Ctz), 1, I32),
            Opcode.I32Popcnt => (nameof(Ops.I32Popcnt), 1, I32),
            Opcode.I32DivS => (nameof(Ops.I32DivS), 2, I32),
            Opcode.I32DivU => (nameof(Ops.I32DivU), 2, I32),
            Opcode.I32RemS => (nameof(Ops.I32RemS), 2, I32),
            Opcode.I32RemU => (nameof(Ops.I32RemU), 2, I32),
            Opcode.I32Rotl => (nameof(Ops.I32Rotl), 2, I32),
            Opcode.I32Rotr => (nameof(Ops.I32Rotr), 2, I32),
            Opcode.I64Clz => (nameof(Ops.I64Clz), 1, I64),
            Opcode.I64Ctz => (nameof(Ops.I64Ctz), 1, I64),
            Opcode.I64Popcnt => (nameof(Ops.I64Popcnt), 1, I64),
            Opcode.I64DivS => (nameof(Ops.I64DivS), 2, I64),
            Opcode.I64DivU => (nameof(Ops.I64DivU), 2, I64),
            Opcode.I64RemS => (nameof(Ops.I64RemS), 2, I64),
            Opcode.I64RemU => (nameof(Ops.I64RemU), 2, I64),
            Opcode.I64Rotl => (nameof(Ops.I64Rotl), 2, I64),
            Opcode.I64Rotr => (nameof(Ops.I64Rotr), 2, I64),
            Opcode.F32Abs => (nameof(Ops.F32Abs), 1, F32),
            Opcode.F32Neg => (nameof(Ops.F32Neg), 1, F32),
            Opcode.F32Ceil => (nameof(Ops.F32Ceil), 1, F32),
            Opcode.F32Floor => (nameof(Ops.F32Floor), 1, F32),
            Opcode.F32Trunc => (nameof(Ops.F32Trunc), 1, F32),
            Opcode.F32Nearest => (nameof(Ops.F32Nearest), 1, F32),
            Opcode.F32Sqrt => (nameof(Ops.F32Sqrt), 1, F32),
            Opcode.F32Min => (nameof(Ops.F32Min), 2, F32),
            Opcode.F32Max => (nameof(Ops.F32Max), 2, F32),
            Opcode.F32Copysign => (nameof(Ops.F32Copysign), 2, F32),
            Opcode.F64Abs => (nameof(Ops.F64Abs), 1, F64),
            Opcode.F64Neg => (nameof(Ops.F64Neg), 1, F64),
            Opcode.F64Ceil => (nameof(Ops.F64Ceil), 1, F64),
            Opcode.F64Floor => (nameof(Ops.F64Floor), 1, F64),
            Opcode.F64Trunc => (nameof(Ops.F64Trunc), 1, F64),
            Opcode.F64Nearest => (nameof(Ops.F64Nearest), 1, F64),
            Opcode.F64Sqrt => (nameof(Ops.F64Sqrt), 1, F64),
            Opcode.F64Min => (nameof(Ops.F64Min), 2, F64),
            Opcode.F64Max => (nameof(Ops.F64Max), 2, F64),
            Opcode.F64Copysign => (nameof(Ops.F64Copysign), 2, F64),
            Opcode.I32TruncF32S => (nameof(Ops.I32TruncF32S), 1, I32),
            Opcode.I32TruncF32U => (nameof(Ops.I32TruncF32U), 1, I32),
            Opcode.I32TruncF64S => (nameof(Ops.I32TruncF64S), 1, I32),
            Opcode.I32TruncF64U => (nameof(Ops.I32TruncF64U), 1, I32),
            Opcode.I64TruncF32S => (nameof(Ops.I64TruncF32S), 1, I64),
            Opcode.I64TruncF32U => (nameof(Ops.I64TruncF32U), 1, I64),
            Opcode.I64TruncF64S => (nameof(Ops.I64TruncF64S), 1, I64),
            Opcode.I64TruncF64U => (nameof(Ops.I64TruncF64U), 1, I64),
            Opcode.I32TruncSatF32S => (nameof(Ops.I32TruncSatF32S), 1, I32),
            Opcode.I32TruncSatF32U => (nameof(Ops.I32TruncSatF32U), 1, I32),
            Opcode.I32TruncSatF64S => (nameof(Ops.I32TruncSatF64S), 1, I32),
            Opcode.I32TruncSatF64U => (nameof(Ops.I32TruncSatF64U), 1, I32),
            Opcode.I64TruncSatF32S => (nameof(Ops.I64TruncSatF32S), 1, I64),
            Opcode.I64TruncSatF32U => (nameof(Ops.I64TruncSatF32U), 1, I64),
            Opcode.I64TruncSatF64S => (nameof(Ops.I64TruncSatF64S), 1, I64),
            Opcode.I64TruncSatF64U => (nameof(Ops.I64TruncSatF64U), 1, I64),
            Opcode.F32ConvertI32U => (nameof(Ops.F32ConvertI32U), 1, F32),
            Opcode.F32ConvertI64U => (nameof(Ops.F32ConvertI64U), 1, F32),
            Opcode.F64ConvertI32U => (nameof(Ops.F64ConvertI32U), 1, F64),
            Opcode.F64ConvertI64U => (nameof(Ops.F64ConvertI64U), 1, F64),
            Opcode.I32ReinterpretF32 => (nameof(Ops.I32ReinterpretF32), 1, I32),
            Opcode.I64ReinterpretF64 => (nameof(Ops.I64ReinterpretF64), 1, I64),
            Opcode.F32ReinterpretI32 => (nameof(Ops.F32ReinterpretI32), 1, F32),
            Opcode.F64ReinterpretI64 => (nameof(Ops.F64ReinterpretI64), 1, F64),
            _ => throw new InvalidOperationException($"opcode {op} reached the compiler unhandled"),
        };
    }
}
