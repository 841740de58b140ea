using System;
using System.Collections.Generic;
using System.Linq;
using WitSharp.Wit;

namespace WitSharp.WitGenerator
{
    /// <summary>A core value available to lifting code: a C# expression and its core type.</summary>
    internal readonly struct FlatValue
    {
        public FlatValue(string expression, WitCoreType type)
        {
            Expression = expression;
            Type = type;
        }

        public string Expression { get; }

        public WitCoreType Type { get; }
    }

    /// <summary>
    /// Writes the canonical-ABI lift/lower statements of one function, inline and type by type (no reflection, no generic
    /// marshalling): from core values (<see cref="LiftFlat"/>), to core values (<see cref="LowerFlat"/>), from guest memory
    /// (<see cref="Load"/>) and into it (<see cref="Store"/>). Generated locals start with '_', which WIT names cannot produce.
    /// The code runs inside an <c>unchecked</c> block with a <c>_options</c> local holding the <c>CanonicalOptions</c>.
    /// </summary>
    internal sealed class AbiWriter
    {
        public const string Values = "global::WitSharp.HostRuntime.CanonicalAbi.CanonicalValues";
        private const string Options = "_options";
        private const string Memory = "_options.Memory";

        private readonly CodeWriter writer;
        private readonly TypeMapper types;
        private readonly Dictionary<WitResourceType, string> lendingLists = new Dictionary<WitResourceType, string>();
        private readonly Dictionary<WitResourceType, string> movedLists = new Dictionary<WitResourceType, string>();
        private int next;

        public AbiWriter(CodeWriter writer, TypeMapper types)
        {
            this.writer = writer;
            this.types = types;
        }

        public string Fresh(string prefix) => "_" + prefix + Naming.Int(next++);

        /// <summary>
        /// Host objects lent to the component for one export call (<c>borrow</c>s of a host resource anywhere in the
        /// parameters), one entry per resource: the store holding them for the call, the list collecting their
        /// representations, and the handle table the borrows go into.
        /// </summary>
        public List<(string Store, string Representations, string Table)> Lent { get; } = new List<(string, string, string)>();

        /// <summary>
        /// What an export call moved into the component (<c>own</c>s anywhere in the parameters), one statement per
        /// resource that takes it back if lowering the arguments fails before the component runs: host objects leave the
        /// store again, handle objects of the component's resources become usable again. Empty when nothing is owned.
        /// </summary>
        public List<string> TakeBack { get; } = new List<string>();

        /// <summary>
        /// Declares, before the parameters are lowered, the lists an export call fills while lowering them (the
        /// parameters may hold handles directly or inside lists, options, results, variants, tuples and records, so in
        /// loops and case branches): one per host resource they borrow, collecting the representations lent for the call,
        /// which the caller releases however the call ends; and one per resource they own, collecting what is moved into
        /// the component (see <see cref="TakeBack"/>).
        /// </summary>
        public void DeclareCallLists(IEnumerable<WitType> parameters)
        {
            void Visit(WitType? type)
            {
                switch (type?.Unalias())
                {
                    case WitHandleType handle when handle.Kind == WitHandleKind.Borrow && !types.IsGuestResource(handle.Resource) && !lendingLists.ContainsKey(handle.Resource):
                        var list = Fresh("lents");
                        writer.Line("var " + list + " = new global::System.Collections.Generic.List<int>();");
                        lendingLists.Add(handle.Resource, list);
                        Lent.Add((types.Resource(handle.Resource).Store, list, Table(handle)));
                        break;
                    case WitHandleType handle when handle.Kind == WitHandleKind.Own && !movedLists.ContainsKey(handle.Resource):
                        DeclareMovedList(handle);
                        break;
                    case WitListType listType:
                        Visit(listType.Element);
                        break;
                    case WitOptionType option:
                        Visit(option.Payload);
                        break;
                    case WitResultType result:
                        Visit(result.Ok);
                        Visit(result.Error);
                        break;
                    case WitVariantType variant:
                        foreach (var variantCase in variant.Cases)
                        {
                            Visit(variantCase.Type);
                        }

                        break;
                    case WitTupleType tuple:
                        foreach (var element in tuple.Elements)
                        {
                            Visit(element);
                        }

                        break;
                    case WitRecordType record:
                        foreach (var field in record.Fields)
                        {
                            Visit(field.Type);
                        }

                        break;
                }
            }

            foreach (var parameter in parameters)
            {
                Visit(parameter);
            }
        }

        private void DeclareMovedList(WitHandleType handle)
        {
            var list = Fresh("moved");
            movedLists.Add(handle.Resource, list);
            if (types.IsGuestResource(handle.Resource))
            {
                writer.Line("var " + list + " = new global::System.Collections.Generic.List<" + types.Of(handle) + ">();");
                TakeBack.Add("foreach (var _handle in " + list + ") " + types.Qualified(handle) + "._Restore(_handle);");
            }
            else
            {
                var store = types.Resource(handle.Resource).Store;
                writer.Line("var " + list + " = new global::System.Collections.Generic.List<int>();");
                TakeBack.Add("foreach (var _representation in " + list + ") _ = " + store + ".Take(_representation);");
            }
        }

        public static string CoreType(WitCoreType type)
        {
            switch (type)
            {
                case WitCoreType.I32: return "int";
                case WitCoreType.I64: return "long";
                case WitCoreType.F32: return "float";
                default: return "double";
            }
        }

        /// <summary>Lifts a value of <paramref name="type"/> from the next core values; returns a C# expression.</summary>
        public string LiftFlat(WitType type, Queue<FlatValue> values)
        {
            switch (type.Unalias())
            {
                case WitPrimitiveType primitive when primitive.Kind == WitPrimitiveKind.String:
                    var pointer = Take(values, WitCoreType.I32);
                    var length = Take(values, WitCoreType.I32);
                    return Values + ".LiftString(" + Options + ", " + pointer + ", " + length + ")";
                case WitPrimitiveType primitive:
                    return LiftPrimitive(primitive.Kind, Take(values, PrimitiveCore(primitive.Kind)));
                case WitListType list:
                    return LiftList(list.Element, Take(values, WitCoreType.I32), Take(values, WitCoreType.I32));
                case WitTupleType tuple:
                    return TupleExpression(tuple.Elements.Select(e => LiftFlat(e, values)).ToList(), types.Of(tuple));
                case WitRecordType record:
                    return "new " + types.Of(record) + "(" + string.Join(", ", record.Fields.Select(f => LiftFlat(f.Type, values))) + ")";
                case WitEnumType @enum:
                    return "(" + types.Of(@enum) + ")" + Values + ".CheckDiscriminant(" + Take(values, WitCoreType.I32) + ", " + Naming.Int(@enum.Cases.Count) + ", " + Naming.Literal(WitText(@enum)) + ")";
                case WitFlagsType flags:
                    return "(" + types.Of(flags) + ")(" + Take(values, WitCoreType.I32) + " & " + FlagsMask(flags) + ")";
                case WitOptionType _:
                case WitResultType _:
                case WitVariantType _:
                    return LiftVariantFlat(type.Unalias(), values);
                case WitHandleType handle:
                    return LiftHandle(handle, Take(values, WitCoreType.I32));
                default:
                    throw new NotSupportedException("cannot lift " + type);
            }
        }

        /// <summary>Lowers <paramref name="value"/> (a C# expression of <paramref name="type"/>) to core values.</summary>
        public List<FlatValue> LowerFlat(WitType type, string value)
        {
            switch (type.Unalias())
            {
                case WitPrimitiveType primitive when primitive.Kind == WitPrimitiveKind.String:
                    var pointer = Fresh("sp");
                    var length = Fresh("sl");
                    writer.Line("var " + pointer + " = " + Values + ".LowerString(" + Options + ", " + value + ", out var " + length + ");");
                    return new List<FlatValue> { new FlatValue(pointer, WitCoreType.I32), new FlatValue(length, WitCoreType.I32) };
                case WitPrimitiveType primitive:
                    return new List<FlatValue> { new FlatValue(LowerPrimitive(primitive.Kind, value), PrimitiveCore(primitive.Kind)) };
                case WitListType list:
                    var (listPointer, listLength) = LowerList(list, value);
                    return new List<FlatValue> { new FlatValue(listPointer, WitCoreType.I32), new FlatValue(listLength, WitCoreType.I32) };
                case WitTupleType tuple:
                {
                    var local = Temp(value);
                    return tuple.Elements.SelectMany((e, i) => LowerFlat(e, local + ".Item" + Naming.Int(i + 1))).ToList();
                }

                case WitRecordType record:
                {
                    var local = NotNullTemp(value, record);
                    return record.Fields.SelectMany(f => LowerFlat(f.Type, local + "." + types.FieldName(record, f))).ToList();
                }

                case WitEnumType _:
                case WitFlagsType _:
                    return new List<FlatValue> { new FlatValue("(int)" + value, WitCoreType.I32) };
                case WitOptionType _:
                case WitResultType _:
                case WitVariantType _:
                    return LowerVariantFlat(type.Unalias(), value);
                case WitHandleType handle:
                    return new List<FlatValue> { new FlatValue(LowerHandle(handle, value), WitCoreType.I32) };
                default:
                    throw new NotSupportedException("cannot lower " + type);
            }
        }

        /// <summary>Loads a value of <paramref name="type"/> stored at <paramref name="pointer"/>; returns a C# expression.</summary>
        public string Load(WitType type, string pointer)
        {
            switch (type.Unalias())
            {
                case WitPrimitiveType primitive:
                    return LoadPrimitive(primitive.Kind, pointer);
                case WitListType list:
                    return LiftList(list.Element, "(int)" + Memory + ".LoadU32(" + pointer + ")", "(int)" + Memory + ".LoadU32(" + Offset(pointer, 4) + ")");
                case WitTupleType tuple:
                {
                    var offsets = CanonicalAbi.FieldOffsets(tuple);
                    return TupleExpression(tuple.Elements.Select((e, i) => Load(e, Offset(pointer, offsets[i]))).ToList(), types.Of(tuple));
                }

                case WitRecordType record:
                {
                    var offsets = CanonicalAbi.FieldOffsets(record);
                    return "new " + types.Of(record) + "(" + string.Join(", ", record.Fields.Select((f, i) => Load(f.Type, Offset(pointer, offsets[i])))) + ")";
                }

                case WitEnumType @enum:
                    return "(" + types.Of(@enum) + ")" + Values + ".CheckDiscriminant(" + LoadUnsigned(CanonicalAbi.DiscriminantSize(@enum), pointer) + ", " + Naming.Int(@enum.Cases.Count) + ", " + Naming.Literal(WitText(@enum)) + ")";
                case WitFlagsType flags:
                    return "(" + types.Of(flags) + ")(" + LoadUnsigned(CanonicalAbi.SizeOf(flags), pointer) + " & " + FlagsMask(flags) + ")";
                case WitOptionType _:
                case WitResultType _:
                case WitVariantType _:
                    return LoadVariant(type.Unalias(), pointer);
                case WitHandleType handle:
                    return LiftHandle(handle, "(int)" + Memory + ".LoadU32(" + pointer + ")");
                default:
                    throw new NotSupportedException("cannot load " + type);
            }
        }

        /// <summary>Writes statements storing <paramref name="value"/> of <paramref name="type"/> at <paramref name="pointer"/>.</summary>
        public void Store(WitType type, string pointer, string value)
        {
            switch (type.Unalias())
            {
                case WitPrimitiveType primitive when primitive.Kind == WitPrimitiveKind.String:
                {
                    var flat = LowerFlat(primitive, value);
                    writer.Line(Memory + ".StoreU32(" + pointer + ", (uint)" + flat[0].Expression + ");");
                    writer.Line(Memory + ".StoreU32(" + Offset(pointer, 4) + ", (uint)" + flat[1].Expression + ");");
                    break;
                }

                case WitPrimitiveType primitive:
                    writer.Line(StorePrimitive(primitive.Kind, pointer, value));
                    break;
                case WitListType list:
                {
                    var (listPointer, listLength) = LowerList(list, value);
                    writer.Line(Memory + ".StoreU32(" + pointer + ", (uint)" + listPointer + ");");
                    writer.Line(Memory + ".StoreU32(" + Offset(pointer, 4) + ", (uint)" + listLength + ");");
                    break;
                }

                case WitTupleType tuple:
                {
                    var local = Temp(value);
                    var offsets = CanonicalAbi.FieldOffsets(tuple);
                    for (var i = 0; i < tuple.Elements.Count; i++)
                    {
                        Store(tuple.Elements[i], Offset(pointer, offsets[i]), local + ".Item" + Naming.Int(i + 1));
                    }

                    break;
                }

                case WitRecordType record:
                {
                    var local = NotNullTemp(value, record);
                    var offsets = CanonicalAbi.FieldOffsets(record);
                    for (var i = 0; i < record.Fields.Count; i++)
                    {
                        Store(record.Fields[i].Type, Offset(pointer, offsets[i]), local + "." + types.FieldName(record, record.Fields[i]));
                    }

                    break;
                }

                case WitEnumType @enum:
                    writer.Line(StoreUnsigned(CanonicalAbi.DiscriminantSize(@enum), pointer, value));
                    break;
                case WitFlagsType flags:
                    writer.Line(StoreUnsigned(CanonicalAbi.SizeOf(flags), pointer, value));
                    break;
                case WitOptionType _:
                case WitResultType _:
                case WitVariantType _:
                    StoreVariant(type.Unalias(), pointer, value);
                    break;
                case WitHandleType handle:
                    writer.Line(Memory + ".StoreU32(" + pointer + ", (uint)" + LowerHandle(handle, value) + ");");
                    break;
                default:
                    throw new NotSupportedException("cannot store " + type);
            }
        }

        // Host resources: the guest's handle table (keyed "<defining instance>#<resource>") maps handles to representations,
        // which index the generated store of host objects. An owned handle passed in moves the object back to the host.
        // Resources the component defines (CanonicalABI.md lift_own/lower_borrow): an owned handle lifted out of an export is
        // removed from the table and the host keeps the representation in a handle object; a borrow lowered into the defining
        // component is the representation itself; an owned handle lowered into it is a new owned table entry.
        private string Table(WitHandleType handle) =>
            Options + ".Resources.For(" + Naming.Literal(ResourceKey(handle.Resource)) + ")";

        private string ResourceKey(WitResourceType resource) =>
            types.IsGuestResource(resource) ? types.Guest(resource).Key : types.Resource(resource).Key;

        private bool lendsHandles;

        /// <summary>Writes the end of the lends the lifting so far made to the host call (CanonicalABI.md: a subtask's lenders
        /// are released when it returns); nothing when it lent none.</summary>
        public void EndLends()
        {
            if (lendsHandles)
            {
                writer.Line(Options + ".Resources.EndLends();");
            }
        }

        private string LiftHandle(WitHandleType handle, string index)
        {
            if (types.IsGuestResource(handle.Resource))
            {
                if (handle.Kind == WitHandleKind.Borrow)
                {
                    throw new NotSupportedException("a component cannot return a borrow<" + handle.Resource.Name + ">");
                }

                return "new " + types.Of(handle) + "(" + Table(handle) + ".RemoveOwned(" + index + "), " + types.ProxyOf(handle.Resource) + ")";
            }

            if (handle.Kind == WitHandleKind.Own)
            {
                return types.Resource(handle.Resource).Store + ".Take(" + Table(handle) + ".RemoveOwned(" + index + "))";
            }

            // Lent to the host call (CanonicalABI.md lift_borrow): the handle cannot be taken as an own in the same call.
            lendsHandles = true;
            return types.Resource(handle.Resource).Store + ".Get(" + Table(handle) + ".Lend(" + index + "))";
        }

        private string LowerHandle(WitHandleType handle, string value)
        {
            if (types.IsGuestResource(handle.Resource))
            {
                // The defining interface's proxy checks the handle belongs to the same instance.
                if (handle.Kind == WitHandleKind.Borrow)
                {
                    return types.Qualified(handle) + "._Borrow(" + value + ", " + types.ProxyOf(handle.Resource) + ")";
                }

                // Noted as moved, so that the handle gets its resource back if a later argument fails.
                var moved = Fresh("rep");
                writer.Line("var " + moved + " = " + types.Qualified(handle) + "._Move(" + value + ", " + types.ProxyOf(handle.Resource) + ");");
                writer.Line(movedLists[handle.Resource] + ".Add(" + value + ");");
                return Table(handle) + ".Add(" + moved + ", true)";
            }

            if (handle.Kind == WitHandleKind.Borrow)
            {
                // Lent for the call only: the caller releases the object from the store once the call ends, finding its
                // representation in the lending list (declared up front, as a borrow may sit in a loop or case branch).
                var representation = Fresh("lent");
                writer.Line("var " + representation + " = " + types.Resource(handle.Resource).Store + ".Add(" + value + ");");
                writer.Line(lendingLists[handle.Resource] + ".Add(" + representation + ");");
                return Table(handle) + ".Add(" + representation + ", false)";
            }

            if (movedLists.TryGetValue(handle.Resource, out var owned))
            {
                // An export call's argument: noted, so that the object leaves the store again if a later argument fails.
                var representation = Fresh("owned");
                writer.Line("var " + representation + " = " + types.Resource(handle.Resource).Store + ".Add(" + value + ");");
                writer.Line(owned + ".Add(" + representation + ");");
                return Table(handle) + ".Add(" + representation + ", true)";
            }

            return Table(handle) + ".Add(" + types.Resource(handle.Resource).Store + ".Add(" + value + "), true)";
        }

        /// <summary>Writes a check that a parameter or result block lies in memory with the tuple's alignment.</summary>
        public void CheckRegion(string what, string pointer, int size, int alignment) =>
            writer.Line("_ = " + Memory + ".Region(" + Naming.Literal(what) + ", " + pointer + ", " + Naming.Int(size) + ", " + Naming.Int(alignment) + ");");

        /// <summary>Byte offsets, total size and alignment of a tuple of types laid out in memory (spilled parameters).</summary>
        public static (IReadOnlyList<int> Offsets, int Size, int Alignment) TupleLayout(IEnumerable<WitType> elements)
        {
            var offsets = new List<int>();
            var offset = 0;
            var alignment = 1;
            foreach (var element in elements)
            {
                var elementAlignment = CanonicalAbi.AlignmentOf(element);
                alignment = Math.Max(alignment, elementAlignment);
                offset = AlignTo(offset, elementAlignment);
                offsets.Add(offset);
                offset += CanonicalAbi.SizeOf(element);
            }

            return (offsets, AlignTo(offset, alignment), alignment);
        }

        public static string Offset(string pointer, int offset) => offset == 0 ? pointer : pointer + " + " + Naming.Int(offset);

        private static int AlignTo(int offset, int alignment) => (offset + alignment - 1) / alignment * alignment;

        private string Temp(string value)
        {
            if (value.StartsWith("_", StringComparison.Ordinal) && value.All(c => char.IsLetterOrDigit(c) || c == '_'))
            {
                return value;
            }

            var local = Fresh("t");
            writer.Line("var " + local + " = " + value + ";");
            return local;
        }

        /// <summary>A local holding <paramref name="value"/>, a list or record the host passes, checked not null (a WIT value has no null).</summary>
        private string NotNullTemp(string value, WitType type)
        {
            var local = Fresh("t");
            writer.Line("var " + local + " = " + Values + ".NotNull(" + value + ", " + Naming.Literal(WitText(type)) + ");");
            return local;
        }

        private static string TupleExpression(IReadOnlyList<string> elements, string tupleType) =>
            elements.Count == 1 ? "new " + tupleType + "(" + elements[0] + ")" : "(" + string.Join(", ", elements) + ")";

        private static string Take(Queue<FlatValue> values, WitCoreType wanted)
        {
            var value = values.Dequeue();
            return CoerceFromJoined(value.Expression, value.Type, wanted);
        }

        // A variant's payload slots hold the join of the cases' core types; these convert between a case's type and the slot's.
        private static string CoerceFromJoined(string expression, WitCoreType have, WitCoreType want)
        {
            if (have == want)
            {
                return expression;
            }

            switch (want)
            {
                case WitCoreType.I32: return "(int)" + expression;
                case WitCoreType.F32: return "global::System.BitConverter.Int32BitsToSingle(" + (have == WitCoreType.I64 ? "(int)" : "") + expression + ")";
                case WitCoreType.F64: return "global::System.BitConverter.Int64BitsToDouble(" + expression + ")";
                default: throw new NotSupportedException("cannot coerce " + have + " to " + want);
            }
        }

        private static string CoerceToJoined(string expression, WitCoreType have, WitCoreType want)
        {
            if (have == want)
            {
                return expression;
            }

            switch (have)
            {
                case WitCoreType.I32: return "(long)(uint)" + expression;
                case WitCoreType.F32:
                    var bits = "global::System.BitConverter.SingleToInt32Bits(" + expression + ")";
                    return want == WitCoreType.I32 ? bits : "(long)(uint)" + bits;
                case WitCoreType.F64: return "global::System.BitConverter.DoubleToInt64Bits(" + expression + ")";
                default: throw new NotSupportedException("cannot coerce " + have + " to " + want);
            }
        }

        private static WitCoreType PrimitiveCore(WitPrimitiveKind kind)
        {
            switch (kind)
            {
                case WitPrimitiveKind.S64:
                case WitPrimitiveKind.U64: return WitCoreType.I64;
                case WitPrimitiveKind.F32: return WitCoreType.F32;
                case WitPrimitiveKind.F64: return WitCoreType.F64;
                default: return WitCoreType.I32;
            }
        }

        private static string LiftPrimitive(WitPrimitiveKind kind, string value)
        {
            switch (kind)
            {
                case WitPrimitiveKind.Bool: return Values + ".LiftBool(" + value + ")";
                case WitPrimitiveKind.S8: return "(sbyte)" + value;
                case WitPrimitiveKind.U8: return "(byte)" + value;
                case WitPrimitiveKind.S16: return "(short)" + value;
                case WitPrimitiveKind.U16: return "(ushort)" + value;
                case WitPrimitiveKind.U32: return "(uint)" + value;
                case WitPrimitiveKind.U64: return "(ulong)" + value;
                case WitPrimitiveKind.Char: return Values + ".LiftChar(" + value + ")";
                case WitPrimitiveKind.F32: return Values + ".LiftF32(" + value + ")";
                case WitPrimitiveKind.F64: return Values + ".LiftF64(" + value + ")";
                default: return value;
            }
        }

        private static string LowerPrimitive(WitPrimitiveKind kind, string value)
        {
            switch (kind)
            {
                case WitPrimitiveKind.Bool: return "(" + value + " ? 1 : 0)";
                case WitPrimitiveKind.S8:
                case WitPrimitiveKind.U8:
                case WitPrimitiveKind.S16:
                case WitPrimitiveKind.U16:
                case WitPrimitiveKind.U32: return "(int)" + value;
                case WitPrimitiveKind.U64: return "(long)" + value;
                case WitPrimitiveKind.Char: return value + ".Value";
                default: return value;
            }
        }

        private static string LoadPrimitive(WitPrimitiveKind kind, string pointer)
        {
            switch (kind)
            {
                case WitPrimitiveKind.Bool: return Values + ".LiftBool(" + Memory + ".LoadU8(" + pointer + "))";
                case WitPrimitiveKind.S8: return "(sbyte)" + Memory + ".LoadU8(" + pointer + ")";
                case WitPrimitiveKind.U8: return Memory + ".LoadU8(" + pointer + ")";
                case WitPrimitiveKind.S16: return "(short)" + Memory + ".LoadU16(" + pointer + ")";
                case WitPrimitiveKind.U16: return Memory + ".LoadU16(" + pointer + ")";
                case WitPrimitiveKind.S32: return "(int)" + Memory + ".LoadU32(" + pointer + ")";
                case WitPrimitiveKind.U32: return Memory + ".LoadU32(" + pointer + ")";
                case WitPrimitiveKind.S64: return "(long)" + Memory + ".LoadU64(" + pointer + ")";
                case WitPrimitiveKind.U64: return Memory + ".LoadU64(" + pointer + ")";
                case WitPrimitiveKind.F32: return Values + ".LiftF32(global::System.BitConverter.UInt32BitsToSingle(" + Memory + ".LoadU32(" + pointer + ")))";
                case WitPrimitiveKind.F64: return Values + ".LiftF64(global::System.BitConverter.UInt64BitsToDouble(" + Memory + ".LoadU64(" + pointer + ")))";
                case WitPrimitiveKind.Char: return Values + ".LiftChar((int)" + Memory + ".LoadU32(" + pointer + "))";
                default:
                    return Values + ".LiftString(" + Options + ", (int)" + Memory + ".LoadU32(" + pointer + "), (int)" + Memory + ".LoadU32(" + Offset(pointer, 4) + "))";
            }
        }

        private static string StorePrimitive(WitPrimitiveKind kind, string pointer, string value)
        {
            switch (kind)
            {
                case WitPrimitiveKind.Bool: return Memory + ".StoreU8(" + pointer + ", (byte)(" + value + " ? 1 : 0));";
                case WitPrimitiveKind.S8: return Memory + ".StoreU8(" + pointer + ", (byte)" + value + ");";
                case WitPrimitiveKind.U8: return Memory + ".StoreU8(" + pointer + ", " + value + ");";
                case WitPrimitiveKind.S16: return Memory + ".StoreU16(" + pointer + ", (ushort)" + value + ");";
                case WitPrimitiveKind.U16: return Memory + ".StoreU16(" + pointer + ", " + value + ");";
                case WitPrimitiveKind.S32: return Memory + ".StoreU32(" + pointer + ", (uint)" + value + ");";
                case WitPrimitiveKind.U32: return Memory + ".StoreU32(" + pointer + ", " + value + ");";
                case WitPrimitiveKind.S64: return Memory + ".StoreU64(" + pointer + ", (ulong)" + value + ");";
                case WitPrimitiveKind.U64: return Memory + ".StoreU64(" + pointer + ", " + value + ");";
                case WitPrimitiveKind.F32: return Memory + ".StoreU32(" + pointer + ", global::System.BitConverter.SingleToUInt32Bits(" + value + "));";
                case WitPrimitiveKind.F64: return Memory + ".StoreU64(" + pointer + ", global::System.BitConverter.DoubleToUInt64Bits(" + value + "));";
                case WitPrimitiveKind.Char: return Memory + ".StoreU32(" + pointer + ", (uint)" + value + ".Value);";
                default: throw new NotSupportedException("strings are stored by Store");
            }
        }

        private static string LoadUnsigned(int size, string pointer) =>
            "(int)" + Memory + (size == 1 ? ".LoadU8(" : size == 2 ? ".LoadU16(" : ".LoadU32(") + pointer + ")";

        private static string StoreUnsigned(int size, string pointer, string value) =>
            Memory + (size == 1 ? ".StoreU8(" + pointer + ", (byte)" : size == 2 ? ".StoreU16(" + pointer + ", (ushort)" : ".StoreU32(" + pointer + ", (uint)") + value + ");";

        private static string FlagsMask(WitFlagsType flags) => "0x" + ((1UL << flags.Flags.Count) - 1).ToString("x", System.Globalization.CultureInfo.InvariantCulture);

        private string LiftList(WitType element, string pointerExpression, string lengthExpression)
        {
            var pointer = Fresh("lp");
            var length = Fresh("ln");
            writer.Line("var " + pointer + " = " + pointerExpression + ";");
            writer.Line("var " + length + " = " + lengthExpression + ";");
            if (TypeMapper.IsBytes(element))
            {
                return Values + ".LiftBytes(" + Memory + ", " + pointer + ", " + length + ")";
            }

            var size = CanonicalAbi.SizeOf(element);
            writer.Line(Values + ".CheckList(" + Memory + ", " + pointer + ", " + length + ", " + Naming.Int(size) + ", " + Naming.Int(CanonicalAbi.AlignmentOf(element)) + ");");
            var list = Fresh("l");
            var index = Fresh("i");
            writer.Line("var " + list + " = new global::System.Collections.Generic.List<" + types.Of(element) + ">(" + length + ");");
            writer.Line("for (var " + index + " = 0; " + index + " < " + length + "; " + index + "++)");
            writer.Open();
            var item = Load(element, pointer + " + " + index + " * " + Naming.Int(size));
            writer.Line(list + ".Add(" + item + ");");
            writer.Close();
            return list;
        }

        private (string Pointer, string Length) LowerList(WitListType list, string value)
        {
            var element = list.Element;
            var local = NotNullTemp(value, list);
            var pointer = Fresh("lp");
            if (TypeMapper.IsBytes(element))
            {
                writer.Line("var " + pointer + " = " + Values + ".LowerBytes(" + Options + ", " + local + ");");
                return (pointer, local + ".Length");
            }

            var size = CanonicalAbi.SizeOf(element);
            var length = Fresh("ln");
            writer.Line("var " + length + " = " + local + ".Count;");
            writer.Line("var " + pointer + " = " + Options + ".Realloc(0, 0, " + Naming.Int(CanonicalAbi.AlignmentOf(element)) + ", checked(" + length + " * " + Naming.Int(size) + "));");
            var index = Fresh("i");
            writer.Line("for (var " + index + " = 0; " + index + " < " + length + "; " + index + "++)");
            writer.Open();
            Store(element, pointer + " + " + index + " * " + Naming.Int(size), local + "[" + index + "]");
            writer.Close();
            return (pointer, length);
        }

        /// <summary>The cases of a variant-like type: payload type (or null) and how to build the C# value from the payload expression.</summary>
        private IReadOnlyList<(WitType? Payload, Func<string?, string> Build)> Cases(WitType type)
        {
            var csType = types.Of(type);
            switch (type)
            {
                case WitVariantType variant:
                    return variant.Cases.Select(c => (c.Type, (Func<string?, string>)(p => "new " + csType + "." + types.CaseName(variant, c) + "(" + p + ")"))).ToList();
                case WitOptionType option:
                    var some = TypeMapper.NeedsOptionWrapper(option) ? (Func<string?, string>)(p => csType + ".Some(" + p + ")") : p => p!;
                    return new List<(WitType?, Func<string?, string>)> { (null, _ => "default"), (option.Payload, some) };
                case WitResultType result:
                    return new List<(WitType?, Func<string?, string>)>
                    {
                        (result.Ok, p => csType + ".Ok(" + (p ?? "default") + ")"),
                        (result.Error, p => csType + ".Err(" + (p ?? "default") + ")"),
                    };
                default:
                    throw new NotSupportedException("not a variant: " + type);
            }
        }

        /// <summary>
        /// The type as WIT writes it, for trap messages: a named type by its name (<c>color</c>), an anonymous one in full
        /// (<c>option&lt;u32&gt;</c>, <c>result&lt;_, string&gt;</c>, <c>borrow&lt;blob&gt;</c>), so a trap names the exact type that failed.
        /// </summary>
        public static string WitText(WitType? type)
        {
            switch (type)
            {
                case null:
                    return "_";
                case WitTypeDefinition definition:
                    return definition.Name;
                case WitListType list:
                    return "list<" + WitText(list.Element) + ">";
                case WitTupleType tuple:
                    return "tuple<" + string.Join(", ", tuple.Elements.Select(WitText)) + ">";
                case WitOptionType option:
                    return "option<" + WitText(option.Payload) + ">";
                case WitResultType result:
                    return result.Ok == null && result.Error == null ? "result"
                        : result.Error == null ? "result<" + WitText(result.Ok) + ">"
                        : "result<" + WitText(result.Ok) + ", " + WitText(result.Error) + ">";
                case WitHandleType handle:
                    return handle.Kind == WitHandleKind.Borrow ? "borrow<" + handle.Resource.Name + ">" : handle.Resource.Name;
                default:
                    return type.ToString();
            }
        }

        private string LiftVariantFlat(WitType type, Queue<FlatValue> values)
        {
            var discriminant = Take(values, WitCoreType.I32);
            var joinedCount = CanonicalAbi.Flatten(type).Count - 1;
            var joined = new List<FlatValue>();
            for (var i = 0; i < joinedCount; i++)
            {
                joined.Add(values.Dequeue());
            }

            var cases = Cases(type);
            var result = Fresh("v");
            writer.Line(types.Of(type) + " " + result + ";");
            writer.Line("switch (" + Values + ".CheckDiscriminant(" + discriminant + ", " + Naming.Int(cases.Count) + ", " + Naming.Literal(WitText(type)) + "))");
            writer.Open();
            for (var i = 0; i < cases.Count; i++)
            {
                writer.Line(i == cases.Count - 1 ? "default:" : "case " + Naming.Int(i) + ":");
                writer.Open();
                var payload = cases[i].Payload == null ? null : LiftFlat(cases[i].Payload!, new Queue<FlatValue>(joined));
                writer.Line(result + " = " + cases[i].Build(payload) + ";");
                writer.Line("break;");
                writer.Close();
            }

            writer.Close();
            return result;
        }

        private List<FlatValue> LowerVariantFlat(WitType type, string value)
        {
            var local = Temp(value);
            var discriminant = Fresh("d");
            writer.Line("int " + discriminant + ";");
            var joined = CanonicalAbi.Flatten(type).Skip(1).Select(t => new FlatValue(Fresh("j"), t)).ToList();
            foreach (var slot in joined)
            {
                writer.Line(CoreType(slot.Type) + " " + slot.Expression + " = 0;");
            }

            WriteCaseDispatch(type, local, (index, payloadType, payload) =>
            {
                writer.Line(discriminant + " = " + Naming.Int(index) + ";");
                if (payloadType != null)
                {
                    var flat = LowerFlat(payloadType, payload!);
                    for (var i = 0; i < flat.Count; i++)
                    {
                        writer.Line(joined[i].Expression + " = " + CoerceToJoined(flat[i].Expression, flat[i].Type, joined[i].Type) + ";");
                    }
                }
            });

            var all = new List<FlatValue> { new FlatValue(discriminant, WitCoreType.I32) };
            all.AddRange(joined);
            return all;
        }

        private string LoadVariant(WitType type, string pointer)
        {
            var cases = Cases(type);
            var payloadOffset = CanonicalAbi.PayloadOffset(type);
            var result = Fresh("v");
            writer.Line(types.Of(type) + " " + result + ";");
            writer.Line("switch (" + Values + ".CheckDiscriminant(" + LoadUnsigned(CanonicalAbi.DiscriminantSize(type), pointer) + ", " + Naming.Int(cases.Count) + ", " + Naming.Literal(WitText(type)) + "))");
            writer.Open();
            for (var i = 0; i < cases.Count; i++)
            {
                writer.Line(i == cases.Count - 1 ? "default:" : "case " + Naming.Int(i) + ":");
                writer.Open();
                var payload = cases[i].Payload == null ? null : Load(cases[i].Payload!, Offset(pointer, payloadOffset));
                writer.Line(result + " = " + cases[i].Build(payload) + ";");
                writer.Line("break;");
                writer.Close();
            }

            writer.Close();
            return result;
        }

        private void StoreVariant(WitType type, string pointer, string value)
        {
            var local = Temp(value);
            var discriminantSize = CanonicalAbi.DiscriminantSize(type);
            var payloadOffset = CanonicalAbi.PayloadOffset(type);
            WriteCaseDispatch(type, local, (index, payloadType, payload) =>
            {
                writer.Line(StoreUnsigned(discriminantSize, pointer, Naming.Int(index)));
                if (payloadType != null)
                {
                    Store(payloadType, Offset(pointer, payloadOffset), payload!);
                }
            });
        }

        /// <summary>Writes a branch per case of the C# value <paramref name="local"/>, giving each its index, payload type and payload expression.</summary>
        private void WriteCaseDispatch(WitType type, string local, Action<int, WitType?, string?> writeCase)
        {
            switch (type)
            {
                case WitVariantType variant:
                    writer.Line("switch (" + local + ")");
                    writer.Open();
                    for (var i = 0; i < variant.Cases.Count; i++)
                    {
                        var variantCase = variant.Cases[i];
                        var caseLocal = Fresh("c");
                        writer.Line("case " + types.Of(variant) + "." + types.CaseName(variant, variantCase) + " " + (variantCase.Type == null ? "_" : caseLocal) + ":");
                        writer.Open();
                        writeCase(i, variantCase.Type, caseLocal + ".Value");
                        writer.Line("break;");
                        writer.Close();
                    }

                    writer.Line("default:");
                    writer.Open();
                    writer.Line("throw new global::System.ArgumentNullException(" + Naming.Literal(variant.Name) + ", \"a variant value must not be null\");");
                    writer.Close();
                    writer.Close();
                    break;
                case WitOptionType option:
                    var some = Fresh("s");
                    writer.Line(TypeMapper.NeedsOptionWrapper(option) ? "if (" + local + ".HasValue)" : "if (" + local + " is { } " + some + ")");
                    writer.Open();
                    writeCase(1, option.Payload, TypeMapper.NeedsOptionWrapper(option) ? local + ".Value" : some);
                    writer.Close();
                    writer.Line("else");
                    writer.Open();
                    writeCase(0, null, null);
                    writer.Close();
                    break;
                case WitResultType result:
                    writer.Line("if (" + local + ".IsOk)");
                    writer.Open();
                    writeCase(0, result.Ok, local + ".Value");
                    writer.Close();
                    writer.Line("else");
                    writer.Open();
                    writeCase(1, result.Error, local + ".Error");
                    writer.Close();
                    break;
            }
        }
    }
}
