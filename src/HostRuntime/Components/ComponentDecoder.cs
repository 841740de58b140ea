namespace WitSharp.HostRuntime.Components;

/// <summary>The result of decoding: a component, or the component type a core module carries.</summary>
/// <param name="Component">The decoded component (for a core module: its embedded component-type payload).</param>
/// <param name="ComponentTypeSection">For a core module, the name of its <c>component-type*</c> custom section; null for a component.</param>
/// <param name="CoreModule">For a core module, its bytes; empty for a component.</param>
internal sealed record DecodedBinary(ComponentDefinition Component, string? ComponentTypeSection, ReadOnlyMemory<byte> CoreModule)
{
    public bool IsCoreModule => ComponentTypeSection is not null;
}

/// <summary>
/// Decodes the component binary format (component-model Binary.md, version 0x0d layer 1) into a
/// <see cref="ComponentDefinition"/>, tracking every index space as definitions appear. Malformed input throws
/// <see cref="ComponentFormatException"/>; async, stream, future and error-context constructs throw
/// <see cref="UnsupportedComponentFeatureException"/>.
/// </summary>
internal static class ComponentDecoder
{
    private const int MaxNesting = 64;
    private static readonly byte[] Magic = [0x00, 0x61, 0x73, 0x6D];

    public static DecodedBinary Decode(byte[] binary)
    {
        ArgumentNullException.ThrowIfNull(binary);
        var reader = new ComponentByteReader(binary, 0, binary.Length, "preamble");
        if (binary.Length >= 8 && binary.AsSpan(0, 4).SequenceEqual(Magic) && binary[4] == 1 && binary[5] == 0 && binary[6] == 0 && binary[7] == 0)
        {
            return DecodeCoreModuleComponentType(binary);
        }

        return new DecodedBinary(DecodeComponent(reader, depth: 0, enclosing: null), null, ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>Finds the <c>component-type*</c> custom section of a core module and decodes its payload.</summary>
    private static DecodedBinary DecodeCoreModuleComponentType(byte[] binary)
    {
        var reader = new ComponentByteReader(binary, 8, binary.Length, "core module");
        while (!reader.AtEnd)
        {
            byte id = reader.ReadByte();
            int size = (int)Math.Min(reader.ReadU32(), int.MaxValue);
            var section = reader.Slice(size, $"core module section {id}");
            if (id != 0)
            {
                continue;
            }

            section.Section = "core module custom section";
            string name = section.ReadName();
            if (name.StartsWith("component-type", StringComparison.Ordinal))
            {
                section.Section = $"custom section \"{name}\"";
                var payload = section.Slice(section.Remaining, section.Section);
                return new DecodedBinary(DecodeComponent(payload, depth: 0, enclosing: null), name, binary.AsMemory());
            }
        }

        throw new ComponentFormatException("core module has no component-type custom section, so it is not a component", "core module", 0);
    }

    private static ComponentDefinition DecodeComponent(ComponentByteReader reader, int depth, EnclosingScope? enclosing)
    {
        if (depth > MaxNesting)
        {
            throw reader.Error($"components nested deeper than {MaxNesting}");
        }

        int start = reader.Position;
        reader.Section = "preamble";
        for (int i = 0; i < 4; i++)
        {
            if (reader.ReadByte() != Magic[i])
            {
                throw reader.ErrorAt("missing the \\0asm magic number", start);
            }
        }

        int versionOffset = reader.Position;
        byte version0 = reader.ReadByte(), version1 = reader.ReadByte(), layer0 = reader.ReadByte(), layer1 = reader.ReadByte();
        if (layer0 == 0 && layer1 == 0)
        {
            throw reader.ErrorAt("this is a core module, not a component (layer 0)", versionOffset);
        }

        if (layer0 != 1 || layer1 != 0)
        {
            throw reader.ErrorAt($"unknown layer 0x{layer1:x2}{layer0:x2}; expected 1 (component)", versionOffset + 2);
        }

        if (version0 != 0x0D || version1 != 0)
        {
            throw reader.ErrorAt($"unsupported component binary version 0x{version1:x2}{version0:x2}; expected 0x0d", versionOffset);
        }

        var component = new ComponentDefinition { Offset = start };
        var scope = new EnclosingScope(enclosing, sort => component.IndexSpace(sort).Count);
        while (!reader.AtEnd)
        {
            reader.Section = "section header";
            byte id = reader.ReadByte();
            int sizeOffset = reader.Position;
            uint size = reader.ReadU32();
            if (size > (uint)reader.Remaining)
            {
                throw reader.ErrorAt($"section size {size} exceeds the {reader.Remaining} bytes left", sizeOffset);
            }

            var section = reader.Slice((int)size, SectionName(id, reader, sizeOffset - 1));
            new SectionDecoder(component, section, depth, scope).Decode(id);
            if (!section.AtEnd)
            {
                throw section.Error($"{section.Remaining} unread bytes at the end of the section");
            }
        }

        return component;
    }

    private static string SectionName(byte id, ComponentByteReader reader, int offset) => id switch
    {
        0 => "custom section",
        1 => "core module section",
        2 => "core instance section",
        3 => "core type section",
        4 => "component section",
        5 => "instance section",
        6 => "alias section",
        7 => "type section",
        8 => "canon section",
        9 => "start section",
        10 => "import section",
        11 => "export section",
        12 => "value section",
        _ => throw reader.ErrorAt($"unknown section id {id}", offset),
    };

    /// <summary>Decodes one section into the component, validating indexes against the spaces built so far
    /// (<paramref name="scope"/>: the component's, enclosed by its parents', for outer aliases).</summary>
    private sealed class SectionDecoder(ComponentDefinition component, ComponentByteReader reader, int depth, EnclosingScope scope)
    {
        public void Decode(byte id)
        {
            switch (id)
            {
                case 0:
                    int offset = reader.Position;
                    string name = reader.ReadName();
                    component.CustomSections.Add(new CustomSection(name, reader.ReadBytes(reader.Remaining), offset));
                    break;
                case 1:
                    DecodeCoreModule();
                    break;
                case 2:
                    Vector("core instance", () =>
                    {
                        var instance = ReadCoreInstance();
                        component.CoreInstances.Add(instance);
                        component.Add(Sort.CoreInstance, new IndexEntry(instance));
                    });
                    break;
                case 3:
                    Vector("core type", () =>
                    {
                        var type = TypeReader.ReadCoreType(reader, depth);
                        component.CoreTypes.Add(type);
                        component.Add(Sort.CoreType, new IndexEntry(type));
                    });
                    break;
                case 4:
                    var nested = DecodeComponent(reader.Slice(reader.Remaining, reader.Section), depth + 1, scope);
                    component.Components.Add(nested);
                    component.Add(Sort.Component, new IndexEntry(nested));
                    break;
                case 5:
                    Vector("instance", () =>
                    {
                        var instance = ReadInstance();
                        component.Instances.Add(instance);
                        component.Add(Sort.Instance, new IndexEntry(instance));
                    });
                    break;
                case 6:
                    Vector("alias", () =>
                    {
                        var alias = ReadAlias();
                        component.Aliases.Add(alias);
                        component.Add(alias.Sort, new IndexEntry(alias));
                    });
                    break;
                case 7:
                    Vector("type", () =>
                    {
                        int typeOffset = reader.Position;
                        var type = TypeReader.ReadType(reader, depth, scope);
                        if (type is ResourceType { Destructor: { } destructor })
                        {
                            Checked(Sort.CoreFunc, reader.Position, destructor);
                        }

                        var definition = new TypeDefinition(type, typeOffset);
                        component.Types.Add(definition);
                        component.Add(Sort.Type, new IndexEntry(definition));
                    });
                    break;
                case 8:
                    Vector("canon", ReadCanon);
                    break;
                case 9:
                    ReadStart();
                    break;
                case 10:
                    Vector("import", () =>
                    {
                        var name = TypeReader.ReadExternName(reader, import: true);
                        var type = TypeReader.ReadExternType(reader, component.IndexSpace(Sort.Type).Count);
                        CheckExternType(type);
                        CheckUnique(component.ImportNames, name, "import");
                        TypeReader.CheckImplements(reader, name, type.Kind == ExternKind.Instance);
                        var import = new ImportDefinition(name, type);
                        component.Imports.Add(import);
                        component.Add(type.Sort, new IndexEntry(import));
                    });
                    break;
                case 11:
                    Vector("export", () =>
                    {
                        var name = TypeReader.ReadExternName(reader, import: false);
                        var (sort, index) = ReadSortIndex(core: false);
                        ExternType? ascribed = null;
                        if (TypeReader.ReadOptional(reader))
                        {
                            ascribed = TypeReader.ReadExternType(reader, component.IndexSpace(Sort.Type).Count);
                            CheckExternType(ascribed);
                        }

                        CheckUnique(component.ExportNames, name, "export");
                        TypeReader.CheckImplements(reader, name, sort == Sort.Instance);
                        var export = new ExportDefinition(name, sort, index, ascribed);
                        component.Exports.Add(export);
                        component.Add(sort, new IndexEntry(export));
                    });
                    break;
                case 12:
                    Vector("value", () =>
                    {
                        var type = TypeReader.ReadValType(reader, component.IndexSpace(Sort.Type).Count);
                        int lengthOffset = reader.Position;
                        uint length = reader.ReadU32();
                        if (length > (uint)reader.Remaining)
                        {
                            throw reader.ErrorAt($"value length {length} exceeds the {reader.Remaining} bytes left", lengthOffset);
                        }

                        var value = new ValueDefinition(type, reader.ReadBytes((int)length));
                        component.Values.Add(value);
                        component.Add(Sort.Value, new IndexEntry(value));
                    });
                    break;
            }
        }

        private void Vector(string what, Action readOne)
        {
            int count = reader.ReadCount(what);
            for (int i = 0; i < count; i++)
            {
                readOne();
            }
        }

        private void DecodeCoreModule()
        {
            int offset = reader.Position;
            var binary = reader.ReadBytes(reader.Remaining);
            var span = binary.Span;
            if (span.Length < 8 || !span[..4].SequenceEqual(Magic) || span[4] != 1 || span[5] != 0 || span[6] != 0 || span[7] != 0)
            {
                throw reader.ErrorAt("core module does not start with the core wasm preamble (\\0asm version 1)", offset);
            }

            var module = new CoreModuleDefinition(binary, offset);
            component.CoreModules.Add(module);
            component.Add(Sort.CoreModule, new IndexEntry(module));
        }

        private CoreInstanceDefinition ReadCoreInstance()
        {
            int offset = reader.Position;
            switch (reader.ReadByte())
            {
                case 0x00:
                    uint module = Checked(Sort.CoreModule, reader.Position, reader.ReadU32());
                    var args = new List<CoreInstantiateArg>();
                    var argNames = new HashSet<string>(StringComparer.Ordinal);
                    Vector("core instantiate argument", () =>
                    {
                        string name = UniqueName(argNames, "core instantiate argument");
                        int sortOffset = reader.Position;
                        if (reader.ReadByte() != 0x12)
                        {
                            throw reader.ErrorAt("core instantiate arguments must be instances (0x12)", sortOffset);
                        }

                        args.Add(new CoreInstantiateArg(name, Checked(Sort.CoreInstance, reader.Position, reader.ReadU32())));
                    });
                    return new CoreInstantiate(module, args);
                case 0x01:
                    var exports = new List<CoreInlineExport>();
                    var exportNames = new HashSet<string>(StringComparer.Ordinal);
                    Vector("core inline export", () =>
                    {
                        string name = UniqueName(exportNames, "core inline export");
                        int sortOffset = reader.Position;
                        var (sort, index) = ReadSortIndex(core: true);
                        if (sort is Sort.CoreType or Sort.CoreModule or Sort.CoreInstance)
                        {
                            throw reader.ErrorAt($"a core instance cannot export a {SortName(sort)}", sortOffset);
                        }

                        exports.Add(new CoreInlineExport(name, sort, index));
                    });
                    return new CoreInstanceFromExports(exports);
                default:
                    throw reader.ErrorAt($"invalid core instance expression 0x{reader.ByteAt(offset):x2}", offset);
            }
        }

        private InstanceDefinition ReadInstance()
        {
            int offset = reader.Position;
            switch (reader.ReadByte())
            {
                case 0x00:
                    uint child = Checked(Sort.Component, reader.Position, reader.ReadU32());
                    var args = new List<InstantiateArg>();
                    var argNames = new HashSet<string>(StringComparer.Ordinal);
                    Vector("instantiate argument", () =>
                    {
                        string name = UniqueName(argNames, "instantiate argument");
                        var (sort, index) = ReadSortIndex(core: false);
                        args.Add(new InstantiateArg(name, sort, index));
                    });
                    return new ComponentInstantiate(child, args);
                case 0x01:
                    var exports = new List<InlineExport>();
                    var exportNames = new HashSet<string>(StringComparer.Ordinal);
                    Vector("inline export", () =>
                    {
                        var name = TypeReader.ReadExternName(reader, import: false);
                        CheckUnique(exportNames, name, "inline export");
                        var (sort, index) = ReadSortIndex(core: false);
                        TypeReader.CheckImplements(reader, name, sort == Sort.Instance);
                        exports.Add(new InlineExport(name, sort, index));
                    });
                    return new InstanceFromExports(exports);
                default:
                    throw reader.ErrorAt($"invalid instance expression 0x{reader.ByteAt(offset):x2}", offset);
            }
        }

        private AliasDefinition ReadAlias()
        {
            var sort = TypeReader.ReadSort(reader);
            int offset = reader.Position;
            switch (reader.ReadByte())
            {
                case 0x00:
                    uint instance = Checked(Sort.Instance, reader.Position, reader.ReadU32());
                    return new InstanceExportAlias(sort, instance, reader.ReadName());
                case 0x01:
                    uint coreInstance = Checked(Sort.CoreInstance, reader.Position, reader.ReadU32());
                    return new CoreInstanceExportAlias(sort, coreInstance, reader.ReadName());
                case 0x02:
                    if (sort is not (Sort.CoreType or Sort.Type or Sort.CoreModule or Sort.Component))
                    {
                        throw reader.ErrorAt($"outer alias of sort {sort} is not allowed", offset);
                    }

                    return TypeReader.ReadOuterAlias(reader, sort, scope);
                default:
                    throw reader.ErrorAt($"invalid alias target 0x{reader.ByteAt(offset):x2}", offset);
            }
        }

        private void ReadCanon()
        {
            int offset = reader.Position;
            byte opcode = reader.ReadByte();
            CanonDefinition canon;
            Sort produces = Sort.CoreFunc;
            switch (opcode)
            {
                case 0x00:
                    ExpectFuncSort(0x00, "canon lift");
                    uint coreFunc = Checked(Sort.CoreFunc, reader.Position, reader.ReadU32());
                    var liftOptions = ReadOptions();
                    int typeOffset = reader.Position;
                    uint funcType = Checked(Sort.Type, typeOffset, reader.ReadU32());
                    canon = new CanonLift(coreFunc, liftOptions, funcType);
                    produces = Sort.Func;
                    break;
                case 0x01:
                    ExpectFuncSort(0x00, "canon lower");
                    uint func = Checked(Sort.Func, reader.Position, reader.ReadU32());
                    canon = new CanonLower(func, ReadOptions());
                    break;
                case 0x02:
                    canon = new CanonResourceNew(Checked(Sort.Type, reader.Position, reader.ReadU32()));
                    break;
                case 0x03:
                    canon = new CanonResourceDrop(Checked(Sort.Type, reader.Position, reader.ReadU32()));
                    break;
                case 0x04:
                    canon = new CanonResourceRep(Checked(Sort.Type, reader.Position, reader.ReadU32()));
                    break;
                default:
                    throw UnsupportedCanon(opcode, offset);
            }

            component.Canons.Add(canon);
            component.Add(produces, new IndexEntry(canon));
        }

        private ComponentFormatException UnsupportedCanon(byte opcode, int offset)
        {
            string? name = opcode switch
            {
                0x05 => "task.cancel",
                0x06 => "subtask.cancel",
                0x07 => "resource.drop async",
                0x08 => "backpressure.set",
                0x09 => "task.return",
                0x0A => "context.get",
                0x0B => "context.set",
                0x0C => "thread.yield",
                0x0D => "subtask.drop",
                0x0E => "stream.new",
                0x0F => "stream.read",
                0x10 => "stream.write",
                0x11 => "stream.cancel-read",
                0x12 => "stream.cancel-write",
                0x13 => "stream.drop-readable",
                0x14 => "stream.drop-writable",
                0x15 => "future.new",
                0x16 => "future.read",
                0x17 => "future.write",
                0x18 => "future.cancel-read",
                0x19 => "future.cancel-write",
                0x1A => "future.drop-readable",
                0x1B => "future.drop-writable",
                0x1C => "error-context.new",
                0x1D => "error-context.debug-message",
                0x1E => "error-context.drop",
                0x1F => "waitable-set.new",
                0x20 => "waitable-set.wait",
                0x21 => "waitable-set.poll",
                0x22 => "waitable-set.drop",
                0x23 => "waitable.join",
                0x24 => "backpressure.inc",
                0x25 => "backpressure.dec",
                >= 0x26 and <= 0x2D => "thread builtin",
                >= 0x40 and <= 0x42 => "shared-everything thread builtin",
                _ => null,
            };
            return name is null
                ? reader.ErrorAt($"unknown canon opcode 0x{opcode:x2}", offset)
                : reader.Unsupported($"canon {name}", offset);
        }

        private void ExpectFuncSort(byte expected, string what)
        {
            int offset = reader.Position;
            if (reader.ReadByte() != expected)
            {
                throw reader.ErrorAt($"{what} must name a function (sort byte 0x{expected:x2})", offset);
            }
        }

        private CanonOptions ReadOptions()
        {
            StringEncoding? encoding = null;
            uint? memory = null, realloc = null, postReturn = null;
            Vector("canon option", () =>
            {
                int offset = reader.Position;
                byte option = reader.ReadByte();
                switch (option)
                {
                    case 0x00 or 0x01 or 0x02:
                        if (encoding is not null)
                        {
                            throw reader.ErrorAt("string-encoding given more than once", offset);
                        }

                        encoding = (StringEncoding)option;
                        break;
                    case 0x03:
                        SetOnce(ref memory, "memory", Checked(Sort.CoreMemory, reader.Position, reader.ReadU32()), offset);
                        break;
                    case 0x04:
                        SetOnce(ref realloc, "realloc", Checked(Sort.CoreFunc, reader.Position, reader.ReadU32()), offset);
                        break;
                    case 0x05:
                        SetOnce(ref postReturn, "post-return", Checked(Sort.CoreFunc, reader.Position, reader.ReadU32()), offset);
                        break;
                    case 0x06:
                        throw reader.Unsupported("canon option async", offset);
                    case 0x07:
                        throw reader.Unsupported("canon option callback", offset);
                    case 0x08:
                        throw reader.Unsupported("canon option core-type", offset);
                    case 0x09:
                        throw reader.Unsupported("canon option gc", offset);
                    default:
                        throw reader.ErrorAt($"unknown canon option 0x{option:x2}", offset);
                }
            });
            return new CanonOptions(encoding ?? StringEncoding.Utf8, memory, realloc, postReturn);
        }

        private void SetOnce(ref uint? slot, string option, uint value, int offset)
        {
            if (slot is not null)
            {
                throw reader.ErrorAt($"canon option {option} given more than once", offset);
            }

            slot = value;
        }

        private void ReadStart()
        {
            uint func = Checked(Sort.Func, reader.Position, reader.ReadU32());
            var args = new List<uint>();
            Vector("start argument", () => args.Add(Checked(Sort.Value, reader.Position, reader.ReadU32())));
            int resultsOffset = reader.Position;
            uint results = reader.ReadU32();
            if (results > 1)
            {
                throw reader.ErrorAt($"start function with {results} results; at most one is allowed", resultsOffset);
            }

            var start = new StartDefinition(func, args, results);
            component.Starts.Add(start);
            for (uint i = 0; i < results; i++)
            {
                component.Add(Sort.Value, new IndexEntry(start));
            }
        }

        private (Sort Sort, uint Index) ReadSortIndex(bool core)
        {
            var sort = core ? TypeReader.ReadCoreSort(reader) : TypeReader.ReadSort(reader);
            int offset = reader.Position;
            return (sort, Checked(sort, offset, reader.ReadU32()));
        }

        /// <summary>Type indexes were checked while reading; core module types live in the core type space.</summary>
        private void CheckExternType(ExternType type)
        {
            if (type.Kind == ExternKind.CoreModule)
            {
                Checked(Sort.CoreType, reader.Position, type.Index);
            }
        }

        private void CheckUnique(HashSet<string> seen, ExternName name, string what) => TypeReader.CheckUnique(reader, seen, name, what);

        /// <summary>Reads a name that must differ from the others in <paramref name="seen"/>.</summary>
        private string UniqueName(HashSet<string> seen, string what)
        {
            int offset = reader.Position;
            string name = reader.ReadName();
            if (!seen.Add(name))
            {
                throw reader.ErrorAt($"duplicate {what} name '{name}'", offset);
            }

            return name;
        }

        private uint Checked(Sort sort, int offset, uint index)
        {
            int count = component.IndexSpace(sort).Count;
            if (index >= (uint)count)
            {
                throw reader.ErrorAt($"{SortName(sort)} index {index} out of range ({count} defined so far)", offset);
            }

            return index;
        }
    }

    internal static string SortName(Sort sort) => sort switch
    {
        Sort.CoreFunc => "core func",
        Sort.CoreTable => "core table",
        Sort.CoreMemory => "core memory",
        Sort.CoreGlobal => "core global",
        Sort.CoreTag => "core tag",
        Sort.CoreType => "core type",
        Sort.CoreModule => "core module",
        Sort.CoreInstance => "core instance",
        Sort.Func => "func",
        Sort.Value => "value",
        Sort.Type => "type",
        Sort.Component => "component",
        _ => "instance",
    };
}
