using System.Runtime.CompilerServices;

namespace WitSharp.Wasm;

/// <summary>
/// Type-checks function bodies with the algorithm of the specification's validation appendix: a stack of control
/// frames and an operand stack whose entries may be <see cref="Unknown"/> in unreachable code. One instance is reused
/// for every function of a module so its stacks are allocated once.
/// </summary>
internal sealed class FunctionValidator
{
    /// <summary>The operand type of a value popped from the polymorphic stack of unreachable code.</summary>
    private const ValueType Unknown = 0;

    private static readonly ValueType[] I32Only = [ValueType.I32];
    private static readonly ValueType[] I64Only = [ValueType.I64];
    private static readonly ValueType[] F32Only = [ValueType.F32];
    private static readonly ValueType[] F64Only = [ValueType.F64];
    private static readonly ValueType[] V128Only = [ValueType.V128];
    private static readonly ValueType[] FuncRefOnly = [ValueType.FuncRef];
    private static readonly ValueType[] ExternRefOnly = [ValueType.ExternRef];

    private readonly ModuleDefinition _module;
    private readonly bool[] _declaredFunctionReferences;
    private ValueType[] _operands = new ValueType[64];
    private int _operandCount;
    private Frame[] _frames = new Frame[16];
    private int _frameCount;
    // br_table checks each distinct label once: _brTableStamp[depth] == _brTableGeneration marks a label already checked.
    private int[] _brTableStamp = new int[16];
    private int _brTableGeneration;
    private int _maxOperandCount;
    private int _maxFrameCount;
    private FunctionTraits _traits;

    // Per-function state.
    private ValueType[] _parameters = [];
    private FunctionBody? _function;
    private ValueType[] _results = [];
    private string _context = string.Empty;
    private int _offset;

    public FunctionValidator(ModuleDefinition module, bool[] declaredFunctionReferences)
    {
        _module = module;
        _declaredFunctionReferences = declaredFunctionReferences;
    }

    private struct Frame
    {
        public Opcode Kind;
        public ValueType[] StartTypes;
        public ValueType[] EndTypes;
        public int Height;
        public bool Unreachable;

        public readonly ValueType[] LabelTypes => Kind == Opcode.Loop ? StartTypes : EndTypes;
    }

    public void Validate(FunctionBody function)
    {
        var type = _module.GetFunctionType(function.FunctionIndex);
        _parameters = type.ParameterArray;
        _results = type.ResultArray;
        _function = function;
        _context = "code section, " + _module.DescribeFunction(function.FunctionIndex);
        _operandCount = 0;
        _frameCount = 0;
        _maxOperandCount = 0;
        _maxFrameCount = 0;
        _traits = FunctionTraits.None;
        _offset = function.BodyOffset;

        var reader = new InstructionReader(function.Body.Span, function.BodyOffset, _context);
        PushFrame(Opcode.Block, [], _results);
        while (_frameCount > 0)
        {
            var instruction = reader.Read();
            _offset = instruction.Offset;
            Check(ref reader, instruction);
        }
        if (!reader.AtEnd)
        {
            throw new MalformedModuleException("section size mismatch", reader.Offset, _context);
        }
        function.MaxStackHeight = _maxOperandCount;
        function.MaxControlDepth = _maxFrameCount;
        function.Traits = _traits;
    }

    private InvalidModuleException Invalid(string reason) => new(reason, _offset, _context);

    private InvalidModuleException TypeMismatch(ValueType expected, ValueType actual) =>
        new($"type mismatch: expected {expected.ToWatName()}, found {(actual == Unknown ? "nothing" : actual.ToWatName())}", _offset, _context);

    // ---- operand stack ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Push(ValueType type)
    {
        if (_operandCount == _operands.Length)
        {
            Array.Resize(ref _operands, _operands.Length * 2);
        }
        _operands[_operandCount++] = type;
        if (_operandCount > _maxOperandCount)
        {
            _maxOperandCount = _operandCount;
        }
    }

    private void Push(ReadOnlySpan<ValueType> types)
    {
        var needed = _operandCount + types.Length;
        if (needed > _operands.Length)
        {
            Array.Resize(ref _operands, Math.Max(needed, _operands.Length * 2));
        }
        types.CopyTo(_operands.AsSpan(_operandCount));
        _operandCount = needed;
        if (_operandCount > _maxOperandCount)
        {
            _maxOperandCount = _operandCount;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ValueType Pop()
    {
        ref var frame = ref _frames[_frameCount - 1];
        if (_operandCount == frame.Height)
        {
            if (frame.Unreachable)
            {
                return Unknown;
            }
            throw new InvalidModuleException("type mismatch: operand stack is empty", _offset, _context);
        }
        return _operands[--_operandCount];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ValueType Pop(ValueType expected)
    {
        var actual = Pop();
        if (actual != expected && actual != Unknown && expected != Unknown)
        {
            throw TypeMismatch(expected, actual);
        }
        return actual;
    }

    private void Pop(ReadOnlySpan<ValueType> types)
    {
        CheckTop(types);
        _operandCount = Math.Max(_operandCount - types.Length, _frames[_frameCount - 1].Height);
    }

    /// <summary>
    /// Checks that the top of the stack matches <paramref name="types"/> without changing it (br_table's "pop then push
    /// back the popped values"). Values below the frame's base in unreachable code are unknown and match anything, so
    /// only the values actually present are compared: wide signatures cost one comparison, not one pop per value.
    /// </summary>
    private void CheckTop(ReadOnlySpan<ValueType> types)
    {
        ref var frame = ref _frames[_frameCount - 1];
        var available = _operandCount - frame.Height;
        if (available >= types.Length && _operands.AsSpan(_operandCount - types.Length, types.Length).SequenceEqual(types))
        {
            return;
        }
        if (available < types.Length && !frame.Unreachable)
        {
            throw new InvalidModuleException("type mismatch: operand stack is empty", _offset, _context);
        }
        var checkedCount = Math.Min(available, types.Length);
        for (var i = 1; i <= checkedCount; i++)
        {
            var actual = _operands[_operandCount - i];
            var expected = types[^i];
            if (actual != expected && actual != Unknown && expected != Unknown)
            {
                throw TypeMismatch(expected, actual);
            }
        }
    }

    // ---- control stack ----

    private void PushFrame(Opcode kind, ValueType[] startTypes, ValueType[] endTypes)
    {
        if (_frameCount == _frames.Length)
        {
            if (_frameCount >= DecoderLimits.MaxControlDepth)
            {
                throw Invalid("control nesting too deep");
            }
            Array.Resize(ref _frames, Math.Min(_frames.Length * 2, DecoderLimits.MaxControlDepth));
        }
        _frames[_frameCount++] = new Frame { Kind = kind, StartTypes = startTypes, EndTypes = endTypes, Height = _operandCount };
        if (_frameCount > _maxFrameCount)
        {
            _maxFrameCount = _frameCount;
        }
        Push(startTypes);
    }

    private Frame PopFrame()
    {
        var frame = _frames[_frameCount - 1];
        Pop(frame.EndTypes);
        if (_operandCount != frame.Height)
        {
            throw Invalid("type mismatch: values remain on the stack at the end of the block");
        }
        _frameCount--;
        return frame;
    }

    private void MarkUnreachable()
    {
        ref var frame = ref _frames[_frameCount - 1];
        _operandCount = frame.Height;
        frame.Unreachable = true;
    }

    private ref Frame Label(uint depth)
    {
        if (depth >= (uint)_frameCount)
        {
            throw Invalid($"unknown label {depth}");
        }
        return ref _frames[_frameCount - 1 - (int)depth];
    }

    // ---- index lookups ----

    private ValueType LocalType(uint index)
    {
        if (index < (uint)_parameters.Length)
        {
            return _parameters[index];
        }
        var local = index - (uint)_parameters.Length;
        if (local >= (uint)_function!.LocalCount)
        {
            throw Invalid($"unknown local {index}");
        }
        return _function.GetLocalType(local);
    }

    private FunctionType TypeAt(uint index) =>
        index < (uint)_module.Types.Length ? _module.Types[index] : throw Invalid($"unknown type {index}");

    private TableType TableAt(uint index)
    {
        if (index >= (uint)_module.Tables.Length)
        {
            throw Invalid($"unknown table {index}");
        }
        _traits |= FunctionTraits.TableAccess;
        return _module.Tables[index];
    }

    private void CheckMemory(uint index)
    {
        if (index >= (uint)_module.Memories.Length)
        {
            throw Invalid($"unknown memory {index}");
        }
        _traits |= FunctionTraits.MemoryAccess;
    }

    private void CheckDataSegment(uint index)
    {
        if (index >= (_module.DataCount ?? (uint)_module.Data.Length))
        {
            throw Invalid($"unknown data segment {index}");
        }
        if (_module.DataCount is null)
        {
            throw new MalformedModuleException("data count section required", _offset, _context);
        }
    }

    private ElementSegment ElementAt(uint index) =>
        index < (uint)_module.Elements.Length ? _module.Elements[index] : throw Invalid($"unknown elem segment {index}");

    private (ValueType[] Start, ValueType[] End) ResolveBlockType(BlockType blockType)
    {
        switch (blockType.Kind)
        {
            case BlockTypeKind.Empty:
                return ([], []);
            case BlockTypeKind.Value:
                return ([], Singleton(blockType.ValueType));
            default:
                var type = TypeAt(blockType.TypeIndex);
                return (type.ParameterArray, type.ResultArray);
        }
    }

    private static ValueType[] Singleton(ValueType type) => type switch
    {
        ValueType.I32 => I32Only,
        ValueType.I64 => I64Only,
        ValueType.F32 => F32Only,
        ValueType.F64 => F64Only,
        ValueType.V128 => V128Only,
        ValueType.FuncRef => FuncRefOnly,
        _ => ExternRefOnly,
    };

    // ---- instructions ----

    private void Check(ref InstructionReader reader, in Instruction instruction)
    {
        var opcode = instruction.Opcode;
        if (NumericSignature.TryGet(opcode, out var signature))
        {
            if (signature.Second != Unknown)
            {
                Pop(signature.Second);
            }
            Pop(signature.First);
            Push(signature.Result);
            return;
        }
        switch (opcode)
        {
            case Opcode.Unreachable:
                MarkUnreachable();
                break;
            case Opcode.Nop:
                break;
            case Opcode.Block or Opcode.Loop or Opcode.If:
            {
                var (start, end) = ResolveBlockType(instruction.BlockType);
                if (opcode == Opcode.If)
                {
                    Pop(ValueType.I32);
                }
                else if (opcode == Opcode.Loop)
                {
                    _traits |= FunctionTraits.Loops;
                }
                Pop(start);
                PushFrame(opcode, start, end);
                break;
            }
            case Opcode.Else:
            {
                if (_frames[_frameCount - 1].Kind != Opcode.If)
                {
                    throw new MalformedModuleException("else without matching if", _offset, _context);
                }
                var frame = PopFrame();
                PushFrame(Opcode.Else, frame.StartTypes, frame.EndTypes);
                break;
            }
            case Opcode.End:
            {
                var frame = PopFrame();
                if (frame.Kind == Opcode.If && !frame.StartTypes.AsSpan().SequenceEqual(frame.EndTypes))
                {
                    throw Invalid("type mismatch: if without else must leave its parameters as results");
                }
                if (_frameCount > 0)
                {
                    Push(frame.EndTypes);
                }
                break;
            }
            case Opcode.Br:
                Pop(Label(instruction.Index).LabelTypes);
                MarkUnreachable();
                break;
            case Opcode.BrIf:
            {
                Pop(ValueType.I32);
                var types = Label(instruction.Index).LabelTypes;
                Pop(types);
                Push(types);
                break;
            }
            case Opcode.BrTable:
                CheckBrTable(ref reader, instruction);
                break;
            case Opcode.Return:
                Pop(_results);
                MarkUnreachable();
                break;
            case Opcode.Call:
            {
                if (instruction.Index >= (uint)_module.FunctionTypeIndices.Length)
                {
                    throw Invalid($"unknown function {instruction.Index}");
                }
                var type = _module.GetFunctionType(instruction.Index);
                Pop(type.ParameterArray);
                Push(type.ResultArray);
                _traits |= FunctionTraits.Calls;
                break;
            }
            case Opcode.CallIndirect:
            {
                _traits |= FunctionTraits.Calls | FunctionTraits.TableAccess;
                var table = TableAt(instruction.Index2);
                if (table.ElementType != ValueType.FuncRef)
                {
                    throw Invalid("type mismatch: call_indirect requires a funcref table");
                }
                var type = TypeAt(instruction.Index);
                Pop(ValueType.I32);
                Pop(type.ParameterArray);
                Push(type.ResultArray);
                break;
            }
            case Opcode.Drop:
                Pop();
                break;
            case Opcode.Select:
            {
                Pop(ValueType.I32);
                var first = Pop();
                var second = Pop();
                if (first.IsReference() || second.IsReference())
                {
                    throw Invalid("type mismatch: select without a type needs numeric operands");
                }
                if (first != second && first != Unknown && second != Unknown)
                {
                    throw TypeMismatch(first, second);
                }
                Push(first == Unknown ? second : first);
                break;
            }
            case Opcode.SelectTyped:
            {
                if (instruction.Index != 1)
                {
                    throw Invalid("invalid result arity");
                }
                var type = (ValueType)instruction.Immediate;
                Pop(ValueType.I32);
                Pop(type);
                Pop(type);
                Push(type);
                break;
            }
            case Opcode.LocalGet:
                Push(LocalType(instruction.Index));
                break;
            case Opcode.LocalSet:
                Pop(LocalType(instruction.Index));
                break;
            case Opcode.LocalTee:
            {
                var type = LocalType(instruction.Index);
                Pop(type);
                Push(type);
                break;
            }
            case Opcode.GlobalGet:
                Push(GlobalAt(instruction.Index).ValueType);
                break;
            case Opcode.GlobalSet:
            {
                var global = GlobalAt(instruction.Index);
                if (!global.IsMutable)
                {
                    throw Invalid($"global is immutable: global {instruction.Index}");
                }
                Pop(global.ValueType);
                break;
            }
            case Opcode.TableGet:
                Pop(ValueType.I32);
                Push(TableAt(instruction.Index).ElementType);
                break;
            case Opcode.TableSet:
                Pop(TableAt(instruction.Index).ElementType);
                Pop(ValueType.I32);
                break;
            case >= Opcode.I32Load and <= Opcode.I64Store32:
                CheckMemoryAccess(instruction);
                break;
            case Opcode.MemorySize:
                CheckMemory(instruction.Index);
                Push(ValueType.I32);
                break;
            case Opcode.MemoryGrow:
                CheckMemory(instruction.Index);
                Pop(ValueType.I32);
                Push(ValueType.I32);
                break;
            case Opcode.I32Const:
                Push(ValueType.I32);
                break;
            case Opcode.I64Const:
                Push(ValueType.I64);
                break;
            case Opcode.F32Const:
                Push(ValueType.F32);
                break;
            case Opcode.F64Const:
                Push(ValueType.F64);
                break;
            case Opcode.RefNull:
                Push((ValueType)instruction.Index);
                break;
            case Opcode.RefIsNull:
            {
                var type = Pop();
                if (type != Unknown && !type.IsReference())
                {
                    throw Invalid($"type mismatch: ref.is_null expects a reference, found {type.ToWatName()}");
                }
                Push(ValueType.I32);
                break;
            }
            case Opcode.RefFunc:
            {
                if (instruction.Index >= (uint)_module.FunctionTypeIndices.Length)
                {
                    throw Invalid($"unknown function {instruction.Index}");
                }
                if (!_declaredFunctionReferences[instruction.Index])
                {
                    throw Invalid($"undeclared function reference {instruction.Index}");
                }
                Push(ValueType.FuncRef);
                break;
            }
            case Opcode.MemoryInit:
                CheckMemory(instruction.Index2);
                CheckDataSegment(instruction.Index);
                PopThreeI32();
                break;
            case Opcode.DataDrop:
                CheckDataSegment(instruction.Index);
                break;
            case Opcode.MemoryCopy:
                CheckMemory(instruction.Index);
                CheckMemory(instruction.Index2);
                PopThreeI32();
                break;
            case Opcode.MemoryFill:
                CheckMemory(instruction.Index);
                PopThreeI32();
                break;
            case Opcode.TableInit:
            {
                var table = TableAt(instruction.Index2);
                var segment = ElementAt(instruction.Index);
                if (segment.ElementType != table.ElementType)
                {
                    throw TypeMismatch(table.ElementType, segment.ElementType);
                }
                PopThreeI32();
                break;
            }
            case Opcode.ElemDrop:
                ElementAt(instruction.Index);
                break;
            case Opcode.TableCopy:
            {
                var destination = TableAt(instruction.Index);
                var source = TableAt(instruction.Index2);
                if (destination.ElementType != source.ElementType)
                {
                    throw TypeMismatch(destination.ElementType, source.ElementType);
                }
                PopThreeI32();
                break;
            }
            case Opcode.TableGrow:
                Pop(ValueType.I32);
                Pop(TableAt(instruction.Index).ElementType);
                Push(ValueType.I32);
                break;
            case Opcode.TableSize:
                TableAt(instruction.Index);
                Push(ValueType.I32);
                break;
            case Opcode.TableFill:
                Pop(ValueType.I32);
                Pop(TableAt(instruction.Index).ElementType);
                Pop(ValueType.I32);
                break;
            case var _ when SimdInstructions.IsSimd(opcode):
                CheckSimd(instruction);
                break;
            default:
                throw new MalformedModuleException("illegal opcode", _offset, _context);
        }
    }

    private void CheckSimd(in Instruction instruction)
    {
        const ValueType I32 = ValueType.I32, V128 = ValueType.V128;
        var simd = SimdInstructions.Of(instruction.Opcode);
        switch (simd.Shape)
        {
            case SimdShape.Load or SimdShape.Store or SimdShape.LoadLane or SimdShape.StoreLane:
                CheckMemory(instruction.Index2);
                CheckAlignment(instruction.Index, (uint)simd.SizeLog2);
                if (simd.Shape is SimdShape.LoadLane or SimdShape.StoreLane)
                {
                    CheckLane(instruction.High, simd.LaneCount);
                }
                if (simd.Shape != SimdShape.Load)
                {
                    Pop(V128);
                }
                Pop(I32);
                if (simd.Shape is SimdShape.Load or SimdShape.LoadLane)
                {
                    Push(V128);
                }
                break;
            case SimdShape.Const:
                Push(V128);
                break;
            case SimdShape.Shuffle:
                for (var i = 0; i < 16; i++)
                {
                    CheckLane(((i < 8 ? instruction.Immediate : instruction.High) >> (8 * (i & 7))) & 0xFF, 32);
                }
                Pop(V128);
                Pop(V128);
                Push(V128);
                break;
            case SimdShape.ExtractLane:
                CheckLane(instruction.Index, simd.LaneCount);
                Pop(V128);
                Push(simd.Scalar);
                break;
            case SimdShape.ReplaceLane:
                CheckLane(instruction.Index, simd.LaneCount);
                Pop(simd.Scalar);
                Pop(V128);
                Push(V128);
                break;
            case SimdShape.Splat:
                Pop(simd.Scalar);
                Push(V128);
                break;
            case SimdShape.Unary:
                Pop(V128);
                Push(V128);
                break;
            case SimdShape.Binary:
                Pop(V128);
                Pop(V128);
                Push(V128);
                break;
            case SimdShape.Ternary:
                Pop(V128);
                Pop(V128);
                Pop(V128);
                Push(V128);
                break;
            case SimdShape.Test:
                Pop(V128);
                Push(I32);
                break;
            default: // Shift
                Pop(I32);
                Pop(V128);
                Push(V128);
                break;
        }
    }

    private void CheckLane(ulong lane, int laneCount)
    {
        if (lane >= (ulong)laneCount)
        {
            throw Invalid($"invalid lane index {lane}");
        }
    }

    private GlobalType GlobalAt(uint index) =>
        index < (uint)_module.GlobalTypes.Length ? _module.GlobalTypes[index] : throw Invalid($"unknown global {index}");

    private void PopThreeI32()
    {
        Pop(ValueType.I32);
        Pop(ValueType.I32);
        Pop(ValueType.I32);
    }

    private void CheckBrTable(ref InstructionReader reader, in Instruction instruction)
    {
        Pop(ValueType.I32);
        var defaultTypes = Label(instruction.Index2).LabelTypes;
        var arity = defaultTypes.Length;
        if (_brTableStamp.Length < _frameCount)
        {
            _brTableStamp = new int[_frames.Length];
        }
        _brTableGeneration++;
        var targets = reader.GetBrTableTargets(instruction);
        while (targets.MoveNext(out var depth))
        {
            var types = Label(depth).LabelTypes;
            // Re-checking a label already checked cannot fail and would make hostile tables quadratic.
            if (_brTableStamp[depth] == _brTableGeneration)
            {
                continue;
            }
            _brTableStamp[depth] = _brTableGeneration;
            if (types.Length != arity)
            {
                throw Invalid("type mismatch: br_table targets have different arities");
            }
            CheckTop(types);
        }
        Pop(defaultTypes);
        MarkUnreachable();
    }

    /// <summary>A memarg's alignment (log2) may not exceed the access's natural alignment.</summary>
    private void CheckAlignment(uint alignmentLog2, uint naturalAlignmentLog2)
    {
        if (alignmentLog2 > naturalAlignmentLog2)
        {
            throw Invalid("alignment must not be larger than natural");
        }
    }

    private void CheckMemoryAccess(in Instruction instruction)
    {
        CheckMemory(instruction.Index2);
        var (naturalAlignment, valueType, isStore) = MemoryAccessShape(instruction.Opcode);
        CheckAlignment(instruction.Index, naturalAlignment);
        if (isStore)
        {
            Pop(valueType);
            Pop(ValueType.I32);
        }
        else
        {
            Pop(ValueType.I32);
            Push(valueType);
        }
    }

    /// <summary>Natural alignment exponent, value type and direction of a load or store.</summary>
    private static (uint NaturalAlignment, ValueType Type, bool IsStore) MemoryAccessShape(Opcode opcode) => opcode switch
    {
        Opcode.I32Load => (2, ValueType.I32, false),
        Opcode.I64Load => (3, ValueType.I64, false),
        Opcode.F32Load => (2, ValueType.F32, false),
        Opcode.F64Load => (3, ValueType.F64, false),
        Opcode.I32Load8S or Opcode.I32Load8U => (0, ValueType.I32, false),
        Opcode.I32Load16S or Opcode.I32Load16U => (1, ValueType.I32, false),
        Opcode.I64Load8S or Opcode.I64Load8U => (0, ValueType.I64, false),
        Opcode.I64Load16S or Opcode.I64Load16U => (1, ValueType.I64, false),
        Opcode.I64Load32S or Opcode.I64Load32U => (2, ValueType.I64, false),
        Opcode.I32Store => (2, ValueType.I32, true),
        Opcode.I64Store => (3, ValueType.I64, true),
        Opcode.F32Store => (2, ValueType.F32, true),
        Opcode.F64Store => (3, ValueType.F64, true),
        Opcode.I32Store8 => (0, ValueType.I32, true),
        Opcode.I32Store16 => (1, ValueType.I32, true),
        Opcode.I64Store8 => (0, ValueType.I64, true),
        Opcode.I64Store16 => (1, ValueType.I64, true),
        _ => (2, ValueType.I64, true), // i64.store32
    };
}
