namespace WitSharp.Wasm;

/// <summary>
/// Decodes a core module binary into a <see cref="ModuleDefinition"/>: header, section order and sizes, every known
/// section, custom sections and the "name" section. Function bodies are kept as byte slices; their instructions are
/// decoded (and checked) by the validator and compiler through <see cref="InstructionReader"/>.
/// </summary>
internal static class ModuleParser
{
    private const string SectionEnd = "unexpected end of section or function";

    private static readonly byte[] Magic = [0x00, 0x61, 0x73, 0x6D];

    public static ModuleDefinition Parse(ReadOnlySpan<byte> binary) => Parse(binary.ToArray());

    /// <summary>Decodes <paramref name="bytes"/>, which the returned module keeps (not copied): callers must not mutate it afterwards.</summary>
    public static ModuleDefinition Parse(byte[] bytes) => new Builder(bytes).Build();

    private sealed class Builder
    {
        private readonly byte[] _bytes;
        private FunctionType[] _types = [];
        private readonly List<ImportDefinition> _imports = [];
        private readonly List<uint> _functionTypeIndices = [];
        private readonly List<TableType> _tables = [];
        private readonly List<MemoryType> _memories = [];
        private readonly List<GlobalType> _globalTypes = [];
        private GlobalDefinition[] _globals = [];
        private ExportDefinition[] _exports = [];
        private uint? _start;
        private int _startOffset = -1;
        private readonly List<int> _functionOffsets = [];
        private readonly List<int> _tableOffsets = [];
        private readonly List<int> _memoryOffsets = [];
        private ElementSegment[] _elements = [];
        private DataSegment[] _data = [];
        private uint? _dataCount;
        private FunctionBody[] _code = [];
        private readonly List<CustomSection> _customSections = [];
        private NameSection _names = NameSection.Empty;
        private int _importedFunctions;
        private int _importedTables;
        private int _importedMemories;
        private int _importedGlobals;
        private int _declaredFunctionCount;

        public Builder(byte[] bytes) => _bytes = bytes;

        public ModuleDefinition Build()
        {
            var reader = new WasmReader(_bytes, 0, "unexpected end", null);
            ReadHeader(ref reader);
            var lastRank = 0;
            while (!reader.AtEnd)
            {
                var sectionStart = reader.Offset;
                var id = reader.ReadByte();
                var size = reader.ReadVarUInt32();
                if (size > (uint)reader.Remaining)
                {
                    throw reader.MalformedAt("length out of bounds", sectionStart + 1);
                }
                var contentOffset = reader.Offset;
                var content = reader.ReadBytes((int)size);
                var rank = SectionRank(id);
                if (rank < 0)
                {
                    throw reader.MalformedAt("malformed section id", sectionStart);
                }
                if (rank > 0)
                {
                    if (rank <= lastRank)
                    {
                        throw reader.MalformedAt("unexpected content after last section", sectionStart);
                    }
                    lastRank = rank;
                }
                var section = new WasmReader(content, contentOffset, SectionEnd, SectionName(id));
                ReadSection(id, ref section);
                if (!section.AtEnd)
                {
                    throw section.Malformed("section size mismatch");
                }
            }
            if (_declaredFunctionCount != _code.Length)
            {
                throw new MalformedModuleException("function and code section have inconsistent lengths", _bytes.Length);
            }
            if (_dataCount is { } dataCount && dataCount != _data.Length)
            {
                throw new MalformedModuleException("data count and data section have inconsistent lengths", _bytes.Length);
            }
            return new ModuleDefinition
            {
                Bytes = _bytes,
                Types = _types,
                Imports = [.. _imports],
                FunctionTypeIndices = [.. _functionTypeIndices],
                ImportedFunctionCount = _importedFunctions,
                Code = _code,
                Tables = [.. _tables],
                ImportedTableCount = _importedTables,
                Memories = [.. _memories],
                ImportedMemoryCount = _importedMemories,
                GlobalTypes = [.. _globalTypes],
                ImportedGlobalCount = _importedGlobals,
                Globals = _globals,
                Exports = _exports,
                StartFunction = _start,
                StartOffset = _startOffset,
                FunctionDeclarationOffsets = [.. _functionOffsets],
                TableOffsets = [.. _tableOffsets],
                MemoryOffsets = [.. _memoryOffsets],
                Elements = _elements,
                Data = _data,
                DataCount = _dataCount,
                CustomSections = [.. _customSections],
                Names = _names,
            };
        }

        private static void ReadHeader(ref WasmReader reader)
        {
            if (reader.Remaining < 4)
            {
                throw reader.MalformedAt("unexpected end", reader.Remaining);
            }
            if (!reader.Data[..4].SequenceEqual(Magic))
            {
                throw reader.MalformedAt("magic header not detected", 0);
            }
            reader.Position = 4;
            if (reader.Remaining < 4)
            {
                throw reader.MalformedAt("unexpected end", reader.Offset + reader.Remaining);
            }
            if (reader.ReadFixedUInt32() != 1)
            {
                throw reader.MalformedAt("unknown binary version", 4);
            }
        }

        /// <summary>The position of a section in the required order; 0 for custom sections, -1 for unknown ids.</summary>
        private static int SectionRank(byte id) => id switch
        {
            0 => 0,
            1 => 1, // type
            2 => 2, // import
            3 => 3, // function
            4 => 4, // table
            5 => 5, // memory
            13 => 6, // tag
            6 => 7, // global
            7 => 8, // export
            8 => 9, // start
            9 => 10, // element
            12 => 11, // data count
            10 => 12, // code
            11 => 13, // data
            _ => -1,
        };

        private static string SectionName(byte id) => id switch
        {
            0 => "custom section",
            1 => "type section",
            2 => "import section",
            3 => "function section",
            4 => "table section",
            5 => "memory section",
            6 => "global section",
            7 => "export section",
            8 => "start section",
            9 => "element section",
            10 => "code section",
            11 => "data section",
            12 => "data count section",
            _ => "tag section",
        };

        private void ReadSection(byte id, ref WasmReader r)
        {
            switch (id)
            {
                case 0: ReadCustomSection(ref r); break;
                case 1: ReadTypeSection(ref r); break;
                case 2: ReadImportSection(ref r); break;
                case 3: ReadFunctionSection(ref r); break;
                case 4: ReadTableSection(ref r); break;
                case 5: ReadMemorySection(ref r); break;
                case 6: ReadGlobalSection(ref r); break;
                case 7: ReadExportSection(ref r); break;
                case 8:
                    _startOffset = r.Offset;
                    _start = r.ReadVarUInt32();
                    break;
                case 9: ReadElementSection(ref r); break;
                case 10: ReadCodeSection(ref r); break;
                case 11: ReadDataSection(ref r); break;
                case 12: _dataCount = r.ReadVarUInt32(); break;
                default: throw r.Unsupported("exception-handling", r.Offset);
            }
        }

        private void ReadCustomSection(ref WasmReader r)
        {
            var offset = r.BaseOffset;
            var name = r.ReadName();
            var content = new ReadOnlyMemory<byte>(_bytes, r.Offset, r.Remaining);
            r.Position += r.Remaining;
            _customSections.Add(new CustomSection(name, content, offset));
            if (name == "name")
            {
                _names = NameSectionParser.Parse(content.Span, offset);
            }
        }

        private void ReadTypeSection(ref WasmReader r)
        {
            var count = r.ReadCount(DecoderLimits.MaxTypes, "types");
            _types = new FunctionType[count];
            for (var i = 0; i < count; i++)
            {
                var formOffset = r.Offset;
                var form = r.ReadByte();
                if (form != 0x60)
                {
                    throw form is 0x4E or 0x50 or 0x4F or 0x5F or 0x5E
                        ? r.Unsupported("gc", formOffset)
                        : r.MalformedAt("malformed functype", formOffset);
                }
                var parameters = ReadValueTypes(ref r, DecoderLimits.MaxParameters, "parameters");
                var results = ReadValueTypes(ref r, DecoderLimits.MaxResults, "results");
                _types[i] = new FunctionType(parameters, results);
            }
        }

        private static ValueType[] ReadValueTypes(ref WasmReader r, int limit, string what)
        {
            var count = r.ReadCount(limit, what);
            var types = count == 0 ? [] : new ValueType[count];
            for (var i = 0; i < count; i++)
            {
                types[i] = r.ReadValueType();
            }
            return types;
        }

        private void ReadImportSection(ref WasmReader r)
        {
            var count = r.ReadCount(DecoderLimits.MaxImports, "imports");
            for (var i = 0; i < count; i++)
            {
                var entryOffset = r.Offset;
                var module = r.ReadName();
                var name = r.ReadName();
                var kindOffset = r.Offset;
                var kind = r.ReadByte();
                switch (kind)
                {
                    case 0:
                        var typeIndex = r.ReadVarUInt32();
                        _imports.Add(ImportDefinition.ForFunction(module, name, typeIndex) with { Offset = entryOffset });
                        _functionOffsets.Add(entryOffset);
                        _functionTypeIndices.Add(typeIndex);
                        _importedFunctions++;
                        break;
                    case 1:
                        var table = ReadTableType(ref r);
                        _imports.Add(ImportDefinition.ForTable(module, name, table) with { Offset = entryOffset });
                        _tableOffsets.Add(entryOffset);
                        _tables.Add(table);
                        _importedTables++;
                        break;
                    case 2:
                        var memory = new MemoryType(r.ReadLimits(isMemory: true));
                        _imports.Add(ImportDefinition.ForMemory(module, name, memory) with { Offset = entryOffset });
                        _memoryOffsets.Add(entryOffset);
                        _memories.Add(memory);
                        _importedMemories++;
                        break;
                    case 3:
                        var global = ReadGlobalType(ref r);
                        _imports.Add(ImportDefinition.ForGlobal(module, name, global) with { Offset = entryOffset });
                        _globalTypes.Add(global);
                        _importedGlobals++;
                        break;
                    case 4:
                        throw r.Unsupported("exception-handling", kindOffset);
                    default:
                        throw r.MalformedAt("malformed import kind", kindOffset);
                }
            }
        }

        private static TableType ReadTableType(ref WasmReader r)
        {
            if (r.PeekByte() == 0x40)
            {
                // Tables with an explicit initialiser expression come from the function-references proposal.
                throw r.Unsupported("function-references", r.Offset);
            }
            var elementType = r.ReadReferenceType();
            return new TableType(elementType, r.ReadLimits(isMemory: false));
        }

        private static GlobalType ReadGlobalType(ref WasmReader r)
        {
            var type = r.ReadValueType();
            var mutabilityOffset = r.Offset;
            return r.ReadByte() switch
            {
                0 => new GlobalType(type, false),
                1 => new GlobalType(type, true),
                _ => throw r.MalformedAt("malformed mutability", mutabilityOffset),
            };
        }

        private void ReadFunctionSection(ref WasmReader r)
        {
            var count = r.ReadCount(DecoderLimits.MaxFunctions, "functions");
            _declaredFunctionCount = count;
            for (var i = 0; i < count; i++)
            {
                _functionOffsets.Add(r.Offset);
                _functionTypeIndices.Add(r.ReadVarUInt32());
            }
        }

        private void ReadTableSection(ref WasmReader r)
        {
            var count = r.ReadCount(DecoderLimits.MaxTables, "tables");
            for (var i = 0; i < count; i++)
            {
                _tableOffsets.Add(r.Offset);
                _tables.Add(ReadTableType(ref r));
            }
        }

        private void ReadMemorySection(ref WasmReader r)
        {
            var count = r.ReadCount(DecoderLimits.MaxMemories, "memories");
            for (var i = 0; i < count; i++)
            {
                _memoryOffsets.Add(r.Offset);
                _memories.Add(new MemoryType(r.ReadLimits(isMemory: true)));
            }
        }

        private void ReadGlobalSection(ref WasmReader r)
        {
            var count = r.ReadCount(DecoderLimits.MaxGlobals, "globals");
            _globals = new GlobalDefinition[count];
            for (var i = 0; i < count; i++)
            {
                var type = ReadGlobalType(ref r);
                _globals[i] = new GlobalDefinition(type, ReadConstantExpression(ref r));
                _globalTypes.Add(type);
            }
        }

        private void ReadExportSection(ref WasmReader r)
        {
            var count = r.ReadCount(DecoderLimits.MaxExports, "exports");
            _exports = new ExportDefinition[count];
            for (var i = 0; i < count; i++)
            {
                var entryOffset = r.Offset;
                var name = r.ReadName();
                var kindOffset = r.Offset;
                var kind = r.ReadByte();
                if (kind > 3)
                {
                    throw kind == 4 ? r.Unsupported("exception-handling", kindOffset) : r.MalformedAt("malformed export kind", kindOffset);
                }
                _exports[i] = new ExportDefinition(name, (ExternalKind)kind, r.ReadVarUInt32()) { Offset = entryOffset };
            }
        }

        private void ReadElementSection(ref WasmReader r)
        {
            var count = r.ReadCount(DecoderLimits.MaxElementSegments, "element segments");
            _elements = new ElementSegment[count];
            for (var i = 0; i < count; i++)
            {
                _elements[i] = ReadElementSegment(ref r);
            }
        }

        private ElementSegment ReadElementSegment(ref WasmReader r)
        {
            var segmentOffset = r.Offset;
            var flags = r.ReadVarUInt32();
            if (flags > 7)
            {
                throw r.MalformedAt("malformed elements segment kind", segmentOffset);
            }
            // Bit 0: passive or declarative (else active); bit 1: explicit table index (active) or declarative (otherwise);
            // bit 2: items are expressions rather than function indices.
            var mode = (flags & 1) == 0 ? SegmentMode.Active : (flags & 2) == 0 ? SegmentMode.Passive : SegmentMode.Declarative;
            var hasTableIndex = flags is 2 or 6;
            var usesExpressions = (flags & 4) != 0;
            var tableIndex = hasTableIndex ? r.ReadVarUInt32() : 0;
            var offset = mode == SegmentMode.Active ? ReadConstantExpression(ref r) : null;
            var elementType = ValueType.FuncRef;
            if (flags is not (0 or 4))
            {
                if (usesExpressions)
                {
                    elementType = r.ReadReferenceType();
                }
                else
                {
                    var kindOffset = r.Offset;
                    if (r.ReadByte() != 0x00)
                    {
                        throw r.MalformedAt("malformed element kind", kindOffset);
                    }
                }
            }
            var count = r.ReadCount(DecoderLimits.MaxElementsPerSegment, "elements in a segment");
            if (usesExpressions)
            {
                var expressions = new ConstantExpression[count];
                for (var i = 0; i < count; i++)
                {
                    expressions[i] = ReadConstantExpression(ref r);
                }
                return new ElementSegment(mode, tableIndex, offset, elementType, null, expressions, segmentOffset);
            }
            var indices = new uint[count];
            for (var i = 0; i < count; i++)
            {
                indices[i] = r.ReadVarUInt32();
            }
            return new ElementSegment(mode, tableIndex, offset, elementType, indices, null, segmentOffset);
        }

        private void ReadCodeSection(ref WasmReader r)
        {
            var count = r.ReadCount(DecoderLimits.MaxFunctions, "functions");
            if (count != _declaredFunctionCount)
            {
                throw r.Malformed("function and code section have inconsistent lengths");
            }
            _code = new FunctionBody[count];
            for (var i = 0; i < count; i++)
            {
                var sizeOffset = r.Offset;
                var size = r.ReadVarUInt32();
                if (size > (uint)r.Remaining)
                {
                    throw r.MalformedAt(SectionEnd, sizeOffset);
                }
                if (size > DecoderLimits.MaxFunctionBodySize)
                {
                    throw r.MalformedAt("function body too large", sizeOffset);
                }
                var bodyOffset = r.Offset;
                var functionIndex = (uint)(_importedFunctions + i);
                var body = new WasmReader(r.ReadBytes((int)size), bodyOffset, SectionEnd, $"code section, function {functionIndex}");
                var (localGroups, localCount) = ReadLocals(ref body);
                _code[i] = new FunctionBody
                {
                    FunctionIndex = functionIndex,
                    LocalGroups = localGroups,
                    LocalCount = localCount,
                    Body = new ReadOnlyMemory<byte>(_bytes, body.Offset, body.Remaining),
                    BodyOffset = body.Offset,
                };
            }
        }

        private static (LocalGroup[] Groups, int Count) ReadLocals(ref WasmReader body)
        {
            var groupCount = body.ReadCount(DecoderLimits.MaxLocals, "locals");
            var groups = groupCount == 0 ? [] : new LocalGroup[groupCount];
            uint total = 0;
            for (var i = 0; i < groupCount; i++)
            {
                var countOffset = body.Offset;
                var count = body.ReadVarUInt32();
                if (count > DecoderLimits.MaxLocals - total)
                {
                    throw body.MalformedAt("too many locals", countOffset);
                }
                total += count;
                groups[i] = new LocalGroup(body.ReadValueType(), count, total);
            }
            return (groups, (int)total);
        }

        private void ReadDataSection(ref WasmReader r)
        {
            var count = r.ReadCount(DecoderLimits.MaxDataSegments, "data segments");
            _data = new DataSegment[count];
            for (var i = 0; i < count; i++)
            {
                var segmentOffset = r.Offset;
                var flags = r.ReadVarUInt32();
                var (mode, memory) = flags switch
                {
                    0 => (SegmentMode.Active, 0u),
                    1 => (SegmentMode.Passive, 0u),
                    2 => (SegmentMode.Active, r.ReadVarUInt32()),
                    _ => throw r.MalformedAt("malformed data segment kind", segmentOffset),
                };
                var offset = mode == SegmentMode.Active ? ReadConstantExpression(ref r) : null;
                var lengthOffset = r.Offset;
                var length = r.ReadVarUInt32();
                if (length > (uint)r.Remaining)
                {
                    throw r.MalformedAt(SectionEnd, lengthOffset);
                }
                var bytes = new ReadOnlyMemory<byte>(_bytes, r.Offset, (int)length);
                r.Position += (int)length;
                _data[i] = new DataSegment(mode, memory, offset, bytes, segmentOffset);
            }
        }

        /// <summary>Reads an expression up to its final <c>end</c>, recording the constant instructions and where the first non-constant one is.</summary>
        private static ConstantExpression ReadConstantExpression(ref WasmReader r)
        {
            const int InlineCapacity = 8;
            var start = r.Offset;
            // Nearly every expression is one or three instructions: collect on the stack, spill to a list only when longer.
            Span<ConstantInstruction> inline = stackalloc ConstantInstruction[InlineCapacity];
            List<ConstantInstruction>? spilled = null;
            var count = 0;
            var nonConstantOffset = -1;
            var depth = 0;
            var reader = new InstructionReader(r);
            while (true)
            {
                var instruction = reader.Read();
                ulong? operand = null;
                switch (instruction.Opcode)
                {
                    case Opcode.End when depth == 0:
                        r = reader.ByteReader;
                        ConstantInstruction[] instructions = spilled is not null ? [.. spilled] : inline[..count].ToArray();
                        return new ConstantExpression(instructions, start, nonConstantOffset);
                    case Opcode.End:
                        depth--;
                        break;
                    case Opcode.Block or Opcode.Loop or Opcode.If:
                        if (++depth > DecoderLimits.MaxControlDepth)
                        {
                            throw new MalformedModuleException("nesting too deep", instruction.Offset, r.Context);
                        }
                        nonConstantOffset = nonConstantOffset < 0 ? instruction.Offset : nonConstantOffset;
                        break;
                    case Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const or Opcode.V128Const when depth == 0:
                        operand = instruction.Immediate;
                        break;
                    case Opcode.GlobalGet or Opcode.RefNull or Opcode.RefFunc when depth == 0:
                        operand = instruction.Index;
                        break;
                    case Opcode.I32Add or Opcode.I32Sub or Opcode.I32Mul or Opcode.I64Add or Opcode.I64Sub or Opcode.I64Mul when depth == 0:
                        operand = 0;
                        break;
                    default:
                        nonConstantOffset = nonConstantOffset < 0 ? instruction.Offset : nonConstantOffset;
                        break;
                }
                if (operand is { } value)
                {
                    var constant = new ConstantInstruction(instruction.Opcode, value, instruction.High);
                    if (spilled is not null)
                    {
                        spilled.Add(constant);
                    }
                    else if (count < InlineCapacity)
                    {
                        inline[count++] = constant;
                    }
                    else
                    {
                        spilled = [.. inline, constant];
                    }
                }
            }
        }
    }
}
