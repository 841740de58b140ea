using WitSharp.HostRuntime.CanonicalAbi;
using WitSharp.Wasm;
using WasmValueType = WitSharp.Wasm.ValueType;

namespace WitSharp.HostRuntime.Components;

/// <summary>
/// An exported function of a component instance called with untyped <see cref="ComponentValue"/>s, as wasmtime's
/// <c>component::Func::call</c> with <c>Val</c>: the Canonical ABI's lowering and lifting are driven by
/// <see cref="Type"/> at run time (flattening, the spill of more than 16 flat parameters and more than one flat result
/// through memory, <c>realloc</c>, <c>post-return</c>, every string encoding, every contract check). Get one with
/// <see cref="ComponentInstance.GetDynamicFunction"/>. Calls enter and leave the instance as generated bindings do: a
/// trap poisons the instance; an argument that does not match the type is an <see cref="ArgumentException"/> raised
/// before the instance is entered.
/// </summary>
public sealed class ComponentFunction
{
    private readonly ComponentLiftedFunction lifted;
    private readonly ComponentValueType parameterTuple;
    private readonly bool spillsParameters;

    internal ComponentFunction(string name, ComponentFunctionType type, ComponentLiftedFunction lifted)
    {
        Name = name;
        Type = type;
        this.lifted = lifted;
        parameterTuple = ComponentValueType.Tuple(type.Parameters.Select(p => p.Type).ToArray());
        spillsParameters = parameterTuple.Flat.Count > CoreSignature.MaxFlatParams;
    }

    /// <summary>The function's name, e.g. <c>add</c> or <c>wasi:cli/run@0.2.0#run</c>.</summary>
    public string Name { get; }

    /// <summary>The function's parameter and result types.</summary>
    public ComponentFunctionType Type { get; }

    /// <summary>Calls the function.</summary>
    /// <param name="arguments">One value per parameter, each of the parameter's type.</param>
    /// <returns>The result, or null for a function without one.</returns>
    /// <exception cref="ArgumentException">Wrong number of arguments, or an argument (or a part of one, named in the message)
    /// does not match its parameter's type, including a string with an unpaired surrogate, or an <c>own</c> value that was
    /// already moved into a component (see <see cref="ComponentValue.Own"/>). The instance stays usable, and the call
    /// gives back the own values it moved.</exception>
    /// <exception cref="CanonicalAbiTrapException">The guest broke a Canonical ABI contract, or the instance may not be entered.</exception>
    /// <exception cref="TrapException">The guest trapped.</exception>
    public ComponentValue? Invoke(params IReadOnlyList<ComponentValue> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        CheckArguments(arguments);
        var options = lifted.Options;
        lifted.Enter();
        try
        {
            var call = new Call(options);
            try
            {
                var core = call.LowerArguments(arguments, Type.Parameters, parameterTuple, spillsParameters);
                var results = lifted.Core.Invoke(core);
                call.EndBorrows();
                ComponentValue? result = null;
                if (Type.Result is { } resultType)
                {
                    if (resultType.Flat.Count > CoreSignature.MaxFlatResults)
                    {
                        var pointer = results[0].AsI32();
                        _ = options.Memory.Region("results", pointer, resultType.Size, resultType.Alignment);
                        result = call.Load(resultType, pointer);
                    }
                    else
                    {
                        result = call.LiftFlat(resultType, results[0]);
                    }
                }

                if (lifted.PostReturn is { } postReturn)
                {
                    // may_leave is clear while post-return runs (see MayLeaveGates).
                    lifted.Guard.ForbidLeaving();
                    try
                    {
                        postReturn.Invoke(results);
                    }
                    finally
                    {
                        lifted.Guard.AllowLeaving();
                    }
                }

                lifted.Leave();
                return result;
            }
            finally
            {
                call.RemoveBorrows();
            }
        }
        catch (Exception exception) when (lifted.Poison(exception))
        {
            throw;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Type}";

    private void CheckArguments(IReadOnlyList<ComponentValue> arguments)
    {
        if (arguments.Count != Type.Parameters.Count)
        {
            throw new ArgumentException(
                $"{Name} takes {Type.Parameters.Count} argument(s) ({Type}), but {arguments.Count} were given", nameof(arguments));
        }

        for (var i = 0; i < arguments.Count; i++)
        {
            var parameter = Type.Parameters[i];
            Check(arguments[i] ?? throw new ArgumentException($"argument {parameter.Name} is null", parameter.Name), parameter.Type, parameter.Name, parameter.Name);
        }
    }

    /// <summary>Checks a value against a type before anything is lowered; <paramref name="path"/> names the part for the message.</summary>
    private static void Check(ComponentValue value, ComponentValueType type, string parameter, string path)
    {
        var fits = value.Kind == type.Kind || (type.Kind == ComponentValueKind.Borrow && value.Kind == ComponentValueKind.Own);
        if (!fits)
        {
            throw new ArgumentException($"argument {path} must be a {type}, but is {value}", parameter);
        }

        switch (type.Kind)
        {
            case ComponentValueKind.String when CanonicalValues.FindUnpairedSurrogate(value.AsString()) is var at and >= 0:
                throw new ArgumentException($"argument {path} has an unpaired UTF-16 surrogate at index {at}, so it is not a WIT string", parameter);
            case ComponentValueKind.List:
                for (var i = 0; i < value.Items.Count; i++)
                {
                    Check(value.Items[i], type.Element!, parameter, $"{path}[{i}]");
                }

                break;
            case ComponentValueKind.Tuple:
                CheckCount(value.Items.Count, type.Elements.Count, "elements", parameter, path);
                for (var i = 0; i < value.Items.Count; i++)
                {
                    Check(value.Items[i], type.Elements[i], parameter, $"{path}.{i}");
                }

                break;
            case ComponentValueKind.Record:
                CheckCount(value.Items.Count, type.Fields.Count, "fields", parameter, path);
                for (var i = 0; i < value.Items.Count; i++)
                {
                    if (value.Names[i] != type.Fields[i].Name)
                    {
                        throw new ArgumentException($"argument {path}: field {i} must be {type.Fields[i].Name}, but is {value.Names[i]}", parameter);
                    }

                    Check(value.Items[i], type.Fields[i].Type, parameter, $"{path}.{value.Names[i]}");
                }

                break;
            case ComponentValueKind.Variant or ComponentValueKind.Enum or ComponentValueKind.Option or ComponentValueKind.Result:
                var selected = type.Cases[CaseIndex(value, type, parameter, path)];
                var payloadType = selected.Type;
                var payload = value.Payload;
                if ((payloadType is null) != (payload is null))
                {
                    throw new ArgumentException(
                        $"argument {path}: {value} {(payload is null ? "lacks the payload its case has" : "has a payload its case does not have")} in {type}", parameter);
                }

                if (payload is not null)
                {
                    Check(payload, payloadType!, parameter, $"{path}.{selected.Name}");
                }

                break;
            case ComponentValueKind.Flags:
                if (value.Names.FirstOrDefault(f => !type.FlagNames.Contains(f)) is { } unknown)
                {
                    throw new ArgumentException($"argument {path}: {type} has no flag {unknown}", parameter);
                }

                break;
        }
    }

    private static void CheckCount(int actual, int expected, string what, string parameter, string path)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"argument {path} has {actual} {what}, but its type has {expected}", parameter);
        }
    }

    /// <summary>The case index a variant-like value lowers with: its position in the type's cases.</summary>
    private static int CaseIndex(ComponentValue value, ComponentValueType type, string parameter, string path)
    {
        switch (value.Kind)
        {
            case ComponentValueKind.Option:
                return value.IsSome ? 1 : 0;
            case ComponentValueKind.Result:
                return value.IsOk ? 0 : 1;
            default:
                for (var i = 0; i < type.Cases.Count; i++)
                {
                    if (type.Cases[i].Name == value.CaseName)
                    {
                        return i;
                    }
                }

                throw new ArgumentException($"argument {path}: {type} has no case {value.CaseName}", parameter);
        }
    }

    /// <summary>The state of one call: its options, the borrow handles lent to it in host-resource tables and the own
    /// values it moved into the component.</summary>
    private sealed class Call(CanonicalOptions options)
    {
        private readonly HashSet<ResourceHandleTable> lentTables = [];
        private readonly List<ComponentValue> movedValues = [];

        /// <summary>Lowers the arguments; if that fails (say, on a string over the length limit, or an own value passed
        /// twice), the handles added so far leave the table again and the own values are the caller's again, as the
        /// component never ran.</summary>
        public Value[] LowerArguments(IReadOnlyList<ComponentValue> arguments, IReadOnlyList<ComponentField> parameters, ComponentValueType tuple, bool spill)
        {
            options.Resources.BeginLowering();
            Value[] core;
            try
            {
                core = Lower(arguments, parameters, tuple, spill);
            }
            catch
            {
                options.Resources.UndoLowering();
                foreach (var value in movedValues)
                {
                    value.Unmove();
                }

                throw;
            }

            options.Resources.EndLowering();
            return core;
        }

        private Value[] Lower(IReadOnlyList<ComponentValue> arguments, IReadOnlyList<ComponentField> parameters, ComponentValueType tuple, bool spill)
        {
            if (spill)
            {
                var pointer = options.Realloc(0, 0, tuple.Alignment, tuple.Size);
                for (var i = 0; i < arguments.Count; i++)
                {
                    Store(arguments[i], parameters[i].Type, pointer + tuple.Offsets[i]);
                }

                return [Value.FromI32(pointer)];
            }

            var flat = new List<Value>(tuple.Flat.Count);
            for (var i = 0; i < arguments.Count; i++)
            {
                LowerFlat(arguments[i], parameters[i].Type, flat);
            }

            return flat.ToArray();
        }

        /// <summary>A borrow lent to the callee must be dropped by the time it returns.</summary>
        public void EndBorrows()
        {
            foreach (var table in lentTables)
            {
                table.CheckNoOutstandingBorrows();
            }
        }

        public void RemoveBorrows()
        {
            foreach (var table in lentTables)
            {
                table.RemoveBorrows();
            }
        }

        private void LowerFlat(ComponentValue value, ComponentValueType type, List<Value> flat)
        {
            switch (type.Kind)
            {
                case ComponentValueKind.S64 or ComponentValueKind.U64:
                    flat.Add(Value.FromI64((long)value.Bits));
                    break;
                case ComponentValueKind.F32:
                    flat.Add(Value.FromF32Bits((uint)value.Bits));
                    break;
                case ComponentValueKind.F64:
                    flat.Add(Value.FromF64Bits(value.Bits));
                    break;
                case ComponentValueKind.String:
                {
                    var pointer = CanonicalValues.LowerString(options, value.AsString(), out var length);
                    flat.Add(Value.FromI32(pointer));
                    flat.Add(Value.FromI32(length));
                    break;
                }

                case ComponentValueKind.List:
                    flat.Add(Value.FromI32(LowerList(value, type)));
                    flat.Add(Value.FromI32(value.Items.Count));
                    break;
                case ComponentValueKind.Record:
                    for (var i = 0; i < value.Items.Count; i++)
                    {
                        LowerFlat(value.Items[i], type.Fields[i].Type, flat);
                    }

                    break;
                case ComponentValueKind.Tuple:
                    for (var i = 0; i < value.Items.Count; i++)
                    {
                        LowerFlat(value.Items[i], type.Elements[i], flat);
                    }

                    break;
                case ComponentValueKind.Flags:
                    flat.Add(Value.FromI32((int)FlagBits(value, type)));
                    break;
                case ComponentValueKind.Variant or ComponentValueKind.Enum or ComponentValueKind.Option or ComponentValueKind.Result:
                {
                    var caseIndex = CaseIndex(value, type, string.Empty, string.Empty);
                    flat.Add(Value.FromI32(caseIndex));
                    var payload = new List<Value>();
                    if (value.Payload is { } payloadValue)
                    {
                        LowerFlat(payloadValue, type.Cases[caseIndex].Type!, payload);
                    }

                    // Each payload value widens to the joined type of its position; positions past it are zero.
                    for (var i = 1; i < type.Flat.Count; i++)
                    {
                        flat.Add(i - 1 < payload.Count ? Widen(payload[i - 1], type.Flat[i]) : Value.Default(type.Flat[i]));
                    }

                    break;
                }

                case ComponentValueKind.Own or ComponentValueKind.Borrow:
                    flat.Add(Value.FromI32(LowerHandle(value, type)));
                    break;
                default:
                    flat.Add(Value.FromI32((int)value.Bits));
                    break;
            }
        }

        private static Value Widen(Value value, WasmValueType joined) => (value.Type, joined) switch
        {
            var (from, to) when from == to => value,
            (WasmValueType.F32, WasmValueType.I32) => Value.FromI32((int)(uint)value.Bits),
            (_, WasmValueType.I64) => Value.FromI64((long)value.Bits), // i32 and f32 bits zero-extended, f64 bits as they are
            _ => throw new InvalidOperationException($"a {value.Type} payload cannot widen to {joined}"),
        };

        private int LowerList(ComponentValue value, ComponentValueType type)
        {
            var element = type.Element!;
            var pointer = options.Realloc(0, 0, element.Alignment, checked(value.Items.Count * element.Size));
            for (var i = 0; i < value.Items.Count; i++)
            {
                Store(value.Items[i], element, pointer + (i * element.Size));
            }

            return pointer;
        }

        /// <summary>Own handles go into the component's table; a borrow of the component's own resource is its
        /// representation, a borrow of a host resource a borrow handle the callee must drop before returning. An own
        /// value moves (once), and one that moved cannot be lent either: the host no longer owns its resource.</summary>
        private int LowerHandle(ComponentValue value, ComponentValueType type)
        {
            var resource = type.Resource!;
            if (value.Kind == ComponentValueKind.Own)
            {
                var moves = type.Kind == ComponentValueKind.Own;
                if (moves ? !value.TryMove() : value.IsMoved)
                {
                    throw new ArgumentException(
                        $"own<{resource.Key}> with representation {value.Representation} was already moved into a component, so the host no longer owns it and cannot pass it as {(moves ? "own" : "borrow")}");
                }

                if (moves)
                {
                    movedValues.Add(value);
                }
            }

            if (type.Kind == ComponentValueKind.Borrow && resource is GuestResource)
            {
                return value.Representation;
            }

            var table = options.Resources.For(resource.Key!);
            var own = type.Kind == ComponentValueKind.Own;
            if (!own)
            {
                lentTables.Add(table);
            }

            return table.Add(value.Representation, own);
        }

        /// <summary>Flag i is bit i (a flags type has 1 to 32 members, so one word holds them all).</summary>
        private static uint FlagBits(ComponentValue value, ComponentValueType type)
        {
            var bits = 0u;
            for (var i = 0; i < type.FlagNames.Count; i++)
            {
                if (value.Names.Contains(type.FlagNames[i]))
                {
                    bits |= 1u << i;
                }
            }

            return bits;
        }

        private void Store(ComponentValue value, ComponentValueType type, int pointer)
        {
            var memory = options.Memory;
            switch (type.Kind)
            {
                case ComponentValueKind.Bool or ComponentValueKind.S8 or ComponentValueKind.U8:
                    memory.StoreU8(pointer, (byte)value.Bits);
                    break;
                case ComponentValueKind.S16 or ComponentValueKind.U16:
                    memory.StoreU16(pointer, (ushort)value.Bits);
                    break;
                case ComponentValueKind.S32 or ComponentValueKind.U32 or ComponentValueKind.F32 or ComponentValueKind.Char:
                    memory.StoreU32(pointer, (uint)value.Bits);
                    break;
                case ComponentValueKind.S64 or ComponentValueKind.U64 or ComponentValueKind.F64:
                    memory.StoreU64(pointer, value.Bits);
                    break;
                case ComponentValueKind.String:
                {
                    var text = CanonicalValues.LowerString(options, value.AsString(), out var length);
                    memory.StoreU32(pointer, (uint)text);
                    memory.StoreU32(pointer + 4, (uint)length);
                    break;
                }

                case ComponentValueKind.List:
                    var elements = LowerList(value, type);
                    memory.StoreU32(pointer, (uint)elements);
                    memory.StoreU32(pointer + 4, (uint)value.Items.Count);
                    break;
                case ComponentValueKind.Record or ComponentValueKind.Tuple:
                    for (var i = 0; i < value.Items.Count; i++)
                    {
                        Store(value.Items[i], type.Kind == ComponentValueKind.Record ? type.Fields[i].Type : type.Elements[i], pointer + type.Offsets[i]);
                    }

                    break;
                case ComponentValueKind.Flags:
                    StoreUnsigned(memory, pointer, type.Size, FlagBits(value, type));
                    break;
                case ComponentValueKind.Variant or ComponentValueKind.Enum or ComponentValueKind.Option or ComponentValueKind.Result:
                {
                    var caseIndex = CaseIndex(value, type, string.Empty, string.Empty);
                    StoreUnsigned(memory, pointer, type.DiscriminantSize, (uint)caseIndex);
                    if (value.Payload is { } payload)
                    {
                        Store(payload, type.Cases[caseIndex].Type!, pointer + type.PayloadOffset);
                    }

                    break;
                }

                default:
                    memory.StoreU32(pointer, (uint)LowerHandle(value, type));
                    break;
            }
        }

        /// <summary>Stores a discriminant or flags: an unsigned integer of <paramref name="size"/> (1, 2 or 4) bytes.</summary>
        private static void StoreUnsigned(GuestMemory memory, int pointer, int size, uint value)
        {
            switch (size)
            {
                case 1:
                    memory.StoreU8(pointer, (byte)value);
                    break;
                case 2:
                    memory.StoreU16(pointer, (ushort)value);
                    break;
                default:
                    memory.StoreU32(pointer, value);
                    break;
            }
        }

        /// <summary>Loads a discriminant or flags: an unsigned integer of <paramref name="size"/> (1, 2 or 4) bytes.</summary>
        private static uint LoadUnsigned(GuestMemory memory, int pointer, int size) => size switch
        {
            1 => memory.LoadU8(pointer),
            2 => memory.LoadU16(pointer),
            _ => memory.LoadU32(pointer),
        };

        /// <summary>
        /// Lifts a result that flattens to one core value (CanonicalABI.md's <c>lift_flat</c>; a longer one travels through
        /// memory): a number, char, bool, handle, enum, flags of up to 32 names, a variant whose cases carry no
        /// payload, or a record or tuple of one such member.
        /// </summary>
        public ComponentValue LiftFlat(ComponentValueType type, Value value) => type.Kind switch
        {
            ComponentValueKind.S64 => ComponentValue.S64(value.AsI64()),
            ComponentValueKind.U64 => ComponentValue.U64((ulong)value.AsI64()),
            ComponentValueKind.F32 => ComponentValue.F32(CanonicalValues.LiftF32(value.AsF32())),
            ComponentValueKind.F64 => ComponentValue.F64(CanonicalValues.LiftF64(value.AsF64())),
            ComponentValueKind.Record => ComponentValue.Record(KeyValuePair.Create(type.Fields[0].Name, LiftFlat(type.Fields[0].Type, value))),
            ComponentValueKind.Tuple => ComponentValue.Tuple(LiftFlat(type.Elements[0], value)),
            ComponentValueKind.Flags => FlagsFromBits(type, (uint)value.AsI32()),
            ComponentValueKind.Variant or ComponentValueKind.Enum or ComponentValueKind.Option or ComponentValueKind.Result =>
                Case(type, CheckedCase(type, value.AsI32()), payload: null),
            _ => LiftI32(type, value.AsI32()),
        };

        /// <summary>Lifts the values that travel as one i32: bool, the small integers, char and own handles.</summary>
        private ComponentValue LiftI32(ComponentValueType type, int value) => type.Kind switch
        {
            ComponentValueKind.Bool => ComponentValue.Bool(CanonicalValues.LiftBool(value)),
            ComponentValueKind.S8 => ComponentValue.S8((sbyte)value),
            ComponentValueKind.U8 => ComponentValue.U8((byte)value),
            ComponentValueKind.S16 => ComponentValue.S16((short)value),
            ComponentValueKind.U16 => ComponentValue.U16((ushort)value),
            ComponentValueKind.S32 => ComponentValue.S32(value),
            ComponentValueKind.U32 => ComponentValue.U32((uint)value),
            ComponentValueKind.Char => ComponentValue.Char(CanonicalValues.LiftChar(value)),
            ComponentValueKind.Own => ComponentValue.Own(options.Resources.For(type.Resource!.Key!).RemoveOwned(value)),
            _ => throw new CanonicalAbiTrapException($"a {type} cannot be lifted out of a component"),
        };

        private static int CheckedCase(ComponentValueType type, int discriminant) =>
            CanonicalValues.CheckDiscriminant(discriminant, type.Cases.Count, type.ToString());

        private static ComponentValue Case(ComponentValueType type, int caseIndex, ComponentValue? payload) => type.Kind switch
        {
            ComponentValueKind.Option => caseIndex == 0 ? ComponentValue.None : ComponentValue.Some(payload!),
            ComponentValueKind.Result => caseIndex == 0 ? ComponentValue.Ok(payload) : ComponentValue.Err(payload),
            ComponentValueKind.Enum => ComponentValue.Enum(type.Cases[caseIndex].Name),
            _ => ComponentValue.Variant(type.Cases[caseIndex].Name, payload),
        };

        private static ComponentValue FlagsFromBits(ComponentValueType type, uint bits) =>
            ComponentValue.Flags(type.FlagNames.Where((_, i) => (bits & (1u << i)) != 0));

        private ComponentValue LiftList(ComponentValueType type, int pointer, int count)
        {
            var element = type.Element!;
            CanonicalValues.CheckList(options.Memory, pointer, count, element.Size, element.Alignment);
            var elements = new ComponentValue[count];
            for (var i = 0; i < elements.Length; i++)
            {
                elements[i] = Load(element, pointer + (i * element.Size));
            }

            return ComponentValue.List(elements);
        }

        /// <summary>Loads a value from guest memory (CanonicalABI.md's <c>load</c>).</summary>
        public ComponentValue Load(ComponentValueType type, int pointer)
        {
            var memory = options.Memory;
            switch (type.Kind)
            {
                case ComponentValueKind.Bool or ComponentValueKind.S8 or ComponentValueKind.U8:
                    return LiftI32(type, memory.LoadU8(pointer));
                case ComponentValueKind.S16 or ComponentValueKind.U16:
                    return LiftI32(type, memory.LoadU16(pointer));
                case ComponentValueKind.S64 or ComponentValueKind.U64:
                    return LiftFlat(type, Value.FromI64((long)memory.LoadU64(pointer)));
                case ComponentValueKind.F32:
                    return LiftFlat(type, Value.FromF32Bits(memory.LoadU32(pointer)));
                case ComponentValueKind.F64:
                    return LiftFlat(type, Value.FromF64Bits(memory.LoadU64(pointer)));
                case ComponentValueKind.String:
                    return ComponentValue.String(CanonicalValues.LiftString(options, (int)memory.LoadU32(pointer), (int)memory.LoadU32(pointer + 4)));
                case ComponentValueKind.List:
                    return LiftList(type, (int)memory.LoadU32(pointer), (int)memory.LoadU32(pointer + 4));
                case ComponentValueKind.Record:
                    return ComponentValue.Record(type.Fields.Select((f, i) => new KeyValuePair<string, ComponentValue>(f.Name, Load(f.Type, pointer + type.Offsets[i]))).ToArray());
                case ComponentValueKind.Tuple:
                    return ComponentValue.Tuple(type.Elements.Select((e, i) => Load(e, pointer + type.Offsets[i])).ToArray());
                case ComponentValueKind.Flags:
                    return FlagsFromBits(type, LoadUnsigned(memory, pointer, type.Size));

                case ComponentValueKind.Variant or ComponentValueKind.Enum or ComponentValueKind.Option or ComponentValueKind.Result:
                {
                    var caseIndex = CheckedCase(type, (int)LoadUnsigned(memory, pointer, type.DiscriminantSize));
                    var payload = type.Cases[caseIndex].Type is { } payloadType ? Load(payloadType, pointer + type.PayloadOffset) : null;
                    return Case(type, caseIndex, payload);
                }

                default:
                    return LiftI32(type, (int)memory.LoadU32(pointer));
            }
        }
    }
}

/// <summary>Builds the public <see cref="ComponentValueType"/>s of a function type from the decoded component types.</summary>
internal static class ComponentValueTypes
{
    /// <summary>The function type; <paramref name="resolveResource"/> maps a resource type index in a scope to the
    /// running resource (null when the dynamic path cannot tell which, which makes the function unsupported).</summary>
    public static ComponentFunctionType Function(FuncType func, TypeScope scope, Func<uint, TypeScope, IResourceType?> resolveResource)
    {
        ComponentValueType Convert(ComponentValType type, TypeScope typeScope)
        {
            if (type.Primitive is { } primitive)
            {
                return ComponentValueType.Primitive(Kind(primitive));
            }

            var (definition, definitionScope) = CoreSignature.Resolve(type.TypeIndex, typeScope);
            ComponentValueType? Optional(ComponentValType? payload) => payload is { } present ? Convert(present, definitionScope) : null;
            return definition switch
            {
                PrimitiveType p => ComponentValueType.Primitive(Kind(p.Kind)),
                RecordType record => ComponentValueType.Record(record.Fields.Select(f => new ComponentField(f.Name, Convert(f.Type, definitionScope))).ToArray()),
                TupleType tuple => ComponentValueType.Tuple(tuple.Elements.Select(e => Convert(e, definitionScope)).ToArray()),
                ListType list => ComponentValueType.List(Convert(list.Element, definitionScope)),
                FlagsType flags => ComponentValueType.Flags(flags.Names),
                EnumType enumType => ComponentValueType.Variant(ComponentValueKind.Enum, enumType.Names.Select(n => new ComponentCase(n, null)).ToArray()),
                VariantType variant => ComponentValueType.Variant(ComponentValueKind.Variant, variant.Cases.Select(c => new ComponentCase(c.Name, Optional(c.Type))).ToArray()),
                OptionType option => ComponentValueType.Variant(ComponentValueKind.Option, [new("none", null), new("some", Convert(option.Payload, definitionScope))]),
                ResultType result => ComponentValueType.Variant(ComponentValueKind.Result, [new("ok", Optional(result.Ok)), new("error", Optional(result.Error))]),
                OwnType own => ComponentValueType.Handle(ComponentValueKind.Own, Resource(own.Resource, definitionScope)),
                BorrowType borrow => ComponentValueType.Handle(ComponentValueKind.Borrow, Resource(borrow.Resource, definitionScope)),
                _ => throw new UnsupportedComponentFeatureException($"{definition.GetType().Name} as a value type of a dynamically called function", "dynamic call", 0),
            };
        }

        IResourceType Resource(uint index, TypeScope resourceScope) =>
            resolveResource(index, resourceScope)
            ?? throw new UnsupportedComponentFeatureException($"a handle of resource type {index} the dynamic call path cannot identify at run time", "dynamic call", 0);

        var parameters = func.Params.Select(p => new ComponentField(p.Name, Convert(p.Type, scope))).ToArray();
        return new ComponentFunctionType(parameters, func.Result is { } result ? Convert(result, scope) : null);
    }

    /// <summary>The value kind of a decoded primitive type.</summary>
    internal static ComponentValueKind Kind(PrimitiveValType primitive) => primitive switch
    {
        PrimitiveValType.Bool => ComponentValueKind.Bool,
        PrimitiveValType.S8 => ComponentValueKind.S8,
        PrimitiveValType.U8 => ComponentValueKind.U8,
        PrimitiveValType.S16 => ComponentValueKind.S16,
        PrimitiveValType.U16 => ComponentValueKind.U16,
        PrimitiveValType.S32 => ComponentValueKind.S32,
        PrimitiveValType.U32 => ComponentValueKind.U32,
        PrimitiveValType.S64 => ComponentValueKind.S64,
        PrimitiveValType.U64 => ComponentValueKind.U64,
        PrimitiveValType.F32 => ComponentValueKind.F32,
        PrimitiveValType.F64 => ComponentValueKind.F64,
        PrimitiveValType.Char => ComponentValueKind.Char,
        _ => ComponentValueKind.String,
    };
}
