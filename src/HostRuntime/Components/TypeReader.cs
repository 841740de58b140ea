namespace WitSharp.HostRuntime.Components;

/// <summary>Reads the type-level grammar of Binary.md: sorts, names, extern types, component and core types.</summary>
internal static class TypeReader
{
    private const int MaxTypeNesting = 64;

    public static Sort ReadSort(ComponentByteReader reader)
    {
        int offset = reader.Position;
        return reader.ReadByte() switch
        {
            0x00 => ReadCoreSort(reader),
            0x01 => Sort.Func,
            0x02 => Sort.Value,
            0x03 => Sort.Type,
            0x04 => Sort.Component,
            0x05 => Sort.Instance,
            var b => throw reader.ErrorAt($"unknown sort 0x{b:x2}", offset),
        };
    }

    public static Sort ReadCoreSort(ComponentByteReader reader)
    {
        int offset = reader.Position;
        return reader.ReadByte() switch
        {
            0x00 => Sort.CoreFunc,
            0x01 => Sort.CoreTable,
            0x02 => Sort.CoreMemory,
            0x03 => Sort.CoreGlobal,
            0x04 => Sort.CoreTag,
            0x10 => Sort.CoreType,
            0x11 => Sort.CoreModule,
            0x12 => Sort.CoreInstance,
            var b => throw reader.ErrorAt($"unknown core sort 0x{b:x2}", offset),
        };
    }

    /// <summary>Reads <c>nameattributes</c>: the name plus optional attributes (implements, version suffix, external id).</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="import">Whether this names an import: only imports may use dependency, URL and integrity names.</param>
    public static ExternName ReadExternName(ComponentByteReader reader, bool import)
    {
        int offset = reader.Position;
        byte form = reader.ReadByte();
        if (form > 0x02)
        {
            throw reader.ErrorAt($"unknown import/export name form 0x{form:x2}", offset);
        }

        int nameOffset = reader.Position;
        string name = reader.ReadName();
        if (name.Length == 0)
        {
            throw reader.ErrorAt("empty import/export name", nameOffset);
        }

        if (ExternNames.Problem(name, import) is { } problem)
        {
            throw reader.ErrorAt($"{(import ? "import" : "export")} name {problem}", nameOffset);
        }

        string? implements = null, versionSuffix = null;
        if (form == 0x02)
        {
            int count = reader.ReadCount("name attribute");
            var seen = new HashSet<byte>();
            for (int i = 0; i < count; i++)
            {
                int attributeOffset = reader.Position;
                byte attribute = reader.ReadByte();
                if (attribute > 0x02)
                {
                    throw reader.ErrorAt($"unknown name attribute 0x{attribute:x2}", attributeOffset);
                }

                if (!seen.Add(attribute))
                {
                    throw reader.ErrorAt($"name attribute 0x{attribute:x2} given more than once", attributeOffset);
                }

                int valueOffset = reader.Position;
                string value = reader.ReadName();
                if (attribute == 0x00)
                {
                    implements = value;
                }
                else if (attribute == 0x01)
                {
                    versionSuffix = ExternNames.VersionSuffixProblem(name, value) is { } suffixProblem ? throw reader.ErrorAt(suffixProblem, valueOffset) : value;
                }
            }
        }

        return new ExternName(name, IsInterfaceName(name) ? ExternNameKind.Interface : ExternNameKind.Plain, implements, versionSuffix);
    }

    /// <summary><c>ns:pkg/iface</c> with an optional <c>@version</c>; annotated plain names start with '['.</summary>
    internal static bool IsInterfaceName(string name)
    {
        int colon = name.IndexOf(':');
        int slash = name.IndexOf('/');
        return !name.StartsWith('[') && !name.Contains('=') && colon > 0 && slash > colon + 1 && slash < name.Length - 1;
    }

    public static ExternType ReadExternType(ComponentByteReader reader, int typeCount)
    {
        int offset = reader.Position;
        switch (reader.ReadByte())
        {
            case 0x00:
                int coreOffset = reader.Position;
                if (reader.ReadByte() != 0x11)
                {
                    throw reader.ErrorAt("core extern type must be a core module (0x11)", coreOffset);
                }

                return new ExternType(ExternKind.CoreModule, reader.ReadU32());
            case 0x01:
                return new ExternType(ExternKind.Func, ReadTypeIndex(reader, typeCount));
            case 0x02:
                // Value imports and exports (🪙) are not supported, and encoders disagree on their bound's form.
                throw reader.Unsupported("value import or export", offset);
            case 0x03:
                int typeBoundOffset = reader.Position;
                return reader.ReadByte() switch
                {
                    0x00 => new ExternType(ExternKind.Type, ReadTypeIndex(reader, typeCount)),
                    0x01 => new ExternType(ExternKind.Type, 0, IsSubResource: true),
                    var b => throw reader.ErrorAt($"unknown type bound 0x{b:x2}", typeBoundOffset),
                };
            case 0x04:
                return new ExternType(ExternKind.Component, ReadTypeIndex(reader, typeCount));
            case 0x05:
                return new ExternType(ExternKind.Instance, ReadTypeIndex(reader, typeCount));
            default:
                throw reader.ErrorAt($"unknown extern type 0x{reader.ByteAt(offset):x2}", offset);
        }
    }

    /// <summary>Reads a <c>valtype</c>: an s33 whose negative values are primitive opcodes and others type indexes.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="typeCount">How many types the current scope has defined so far; an index must be below it.</param>
    public static ComponentValType ReadValType(ComponentByteReader reader, int typeCount)
    {
        int offset = reader.Position;
        long value = ReadS33(reader);
        if (value >= 0)
        {
            return ComponentValType.Indexed(CheckTypeIndex(reader, (uint)value, typeCount, offset));
        }

        byte opcode = (byte)(value & 0x7F);
        if (value < -0x40 || !TryPrimitive(opcode, out var primitive))
        {
            throw opcode == 0x64
                ? reader.Unsupported("error-context type", offset)
                : reader.ErrorAt($"unknown value type 0x{opcode:x2}", offset);
        }

        return ComponentValType.Of(primitive);
    }

    private static uint CheckTypeIndex(ComponentByteReader reader, uint index, int typeCount, int offset)
    {
        if (index >= (uint)typeCount)
        {
            throw reader.ErrorAt($"type index {index} out of range ({typeCount} defined so far)", offset);
        }

        return index;
    }

    private static uint ReadTypeIndex(ComponentByteReader reader, int typeCount)
    {
        int offset = reader.Position;
        return CheckTypeIndex(reader, reader.ReadU32(), typeCount, offset);
    }

    private static bool TryPrimitive(byte opcode, out PrimitiveValType primitive)
    {
        primitive = (PrimitiveValType)opcode;
        return opcode is >= 0x73 and <= 0x7F;
    }

    private static long ReadS33(ComponentByteReader reader)
    {
        int offset = reader.Position;
        long result = 0;
        int shift = 0;
        byte b;
        do
        {
            if (shift >= 35)
            {
                throw reader.ErrorAt("malformed LEB128 s33: too long", offset);
            }

            b = reader.ReadByte();
            result |= (long)(b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);

        if (shift < 64 && (b & 0x40) != 0)
        {
            result |= -1L << shift;
        }

        if (result < -(1L << 32) || result >= 1L << 32)
        {
            throw reader.ErrorAt("malformed LEB128 s33: out of range", offset);
        }

        return result;
    }

    /// <summary>Reads a <c>deftype</c>.</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="depth">How deeply types and components enclose this one, for the nesting limit.</param>
    /// <param name="scope">The scope the type is defined in; indexes must be below its counts so far.</param>
    public static ComponentType ReadType(ComponentByteReader reader, int depth, EnclosingScope scope)
    {
        int typeCount = scope.Count(Sort.Type);
        if (depth > MaxTypeNesting)
        {
            throw reader.Error($"types nested deeper than {MaxTypeNesting}");
        }

        int offset = reader.Position;
        byte opcode = reader.PeekByte();
        switch (opcode)
        {
            case 0x40:
                reader.ReadByte();
                return ReadFuncType(reader, typeCount);
            case 0x43:
                throw reader.Unsupported("async function type", offset);
            case 0x41:
                reader.ReadByte();
                return new ComponentTypeDefinition(ReadDeclarations(reader, depth, component: true, scope));
            case 0x42:
                reader.ReadByte();
                return new InstanceTypeDefinition(ReadDeclarations(reader, depth, component: false, scope));
            case 0x3F:
                reader.ReadByte();
                int repOffset = reader.Position;
                byte representation = reader.ReadByte();
                if (representation == (byte)CoreValType.I64)
                {
                    throw reader.Unsupported("resource with an i64 representation (memory64)", repOffset);
                }

                if (representation != (byte)CoreValType.I32)
                {
                    throw reader.ErrorAt("resource representation must be i32", repOffset);
                }

                uint? destructor = ReadOptional(reader) ? reader.ReadU32() : null;
                return new ResourceType(CoreValType.I32, destructor);
            default:
                return ReadDefinedValType(reader, typeCount);
        }
    }

    private static ComponentType ReadDefinedValType(ComponentByteReader reader, int typeCount)
    {
        int offset = reader.Position;
        byte opcode = reader.ReadByte();
        if (TryPrimitive(opcode, out var primitive))
        {
            return new PrimitiveType(primitive);
        }

        switch (opcode)
        {
            case 0x72:
                var fields = ReadNonEmpty(reader, "record field", () => new NamedValType(reader.ReadName(), ReadValType(reader, typeCount)));
                return new RecordType(Unique(reader, fields.Select(f => f.Name), "record field", offset, fields));
            case 0x71:
                var cases = ReadNonEmpty(reader, "variant case", () =>
                {
                    string name = reader.ReadName();
                    ComponentValType? payload = ReadOptional(reader) ? ReadValType(reader, typeCount) : null;
                    int refinesOffset = reader.Position;
                    if (reader.ReadByte() != 0x00)
                    {
                        throw reader.ErrorAt("variant case refinements are not allowed (expected 0x00)", refinesOffset);
                    }

                    return new VariantCase(name, payload);
                });
                return new VariantType(Unique(reader, cases.Select(c => c.Name), "variant case", offset, cases));
            case 0x70:
                return new ListType(ReadValType(reader, typeCount));
            case 0x67:
                throw reader.Unsupported("fixed-length list type", offset);
            case 0x6F:
                return new TupleType(ReadNonEmpty(reader, "tuple element", () => ReadValType(reader, typeCount)));
            case 0x6E:
                var flags = ReadNonEmpty(reader, "flag", reader.ReadName);
                if (flags.Count > 32)
                {
                    throw reader.ErrorAt($"flags type with {flags.Count} members; at most 32 are allowed", offset);
                }

                return new FlagsType(Unique(reader, flags, "flag", offset, flags));
            case 0x6D:
                var names = ReadNonEmpty(reader, "enum case", reader.ReadName);
                return new EnumType(Unique(reader, names, "enum case", offset, names));
            case 0x6B:
                return new OptionType(ReadValType(reader, typeCount));
            case 0x6A:
                ComponentValType? ok = ReadOptional(reader) ? ReadValType(reader, typeCount) : null;
                ComponentValType? error = ReadOptional(reader) ? ReadValType(reader, typeCount) : null;
                return new ResultType(ok, error);
            case 0x69:
                return new OwnType(ReadTypeIndex(reader, typeCount));
            case 0x68:
                return new BorrowType(ReadTypeIndex(reader, typeCount));
            case 0x66:
                throw reader.Unsupported("stream type", offset);
            case 0x65:
                throw reader.Unsupported("future type", offset);
            case 0x64:
                throw reader.Unsupported("error-context type", offset);
            case 0x63:
                throw reader.Unsupported("map type", offset);
            default:
                throw reader.ErrorAt($"unknown type opcode 0x{opcode:x2}", offset);
        }
    }

    private static FuncType ReadFuncType(ComponentByteReader reader, int typeCount)
    {
        int offset = reader.Position;
        var parameters = ReadVector(reader, "parameter", () => new NamedValType(reader.ReadName(), ReadValType(reader, typeCount)));
        Unique(reader, parameters.Select(p => p.Name), "parameter", offset, parameters);
        int resultOffset = reader.Position;
        switch (reader.ReadByte())
        {
            case 0x00:
                return new FuncType(parameters, ReadValType(reader, typeCount));
            case 0x01:
                int countOffset = reader.Position;
                if (reader.ReadU32() != 0)
                {
                    throw reader.ErrorAt("named function results are not part of the component model any more", countOffset);
                }

                return new FuncType(parameters, null);
            default:
                throw reader.ErrorAt($"unknown result list form 0x{reader.ByteAt(resultOffset):x2}", resultOffset);
        }
    }

    /// <summary>An <c>implements</c> attribute only annotates an instance with a plain name, a <c>versionsuffix</c>
    /// only an instance.</summary>
    /// <param name="reader">The reader, positioned after the import or export.</param>
    /// <param name="name">The name with its attributes.</param>
    /// <param name="isInstance">Whether the import or export is an instance.</param>
    public static void CheckImplements(ComponentByteReader reader, ExternName name, bool isInstance)
    {
        if (name.Implements is { } implemented && ExternNames.ImplementsProblem(name.Name, implemented, isInstance) is { } problem)
        {
            throw reader.Error(problem);
        }

        if (name.VersionSuffix is not null && !isInstance)
        {
            throw reader.Error($"`{name.Name}`: only instances can have a `versionsuffix`");
        }
    }

    /// <summary>Import and export names must be strongly-unique within a component, instance or component type.</summary>
    /// <param name="reader">The reader, positioned after the name.</param>
    /// <param name="seen">The <see cref="ExternNames.UniquenessKey"/>s of the names so far.</param>
    /// <param name="name">The new name.</param>
    /// <param name="what">"import" or "export".</param>
    public static void CheckUnique(ComponentByteReader reader, HashSet<string> seen, ExternName name, string what)
    {
        if (!seen.Add(ExternNames.UniquenessKey(name.Name)))
        {
            throw reader.Error($"duplicate {what} name '{name.Name}'");
        }
    }

    /// <summary>Reads declarators; each component or instance type starts with empty type, core type and instance
    /// index spaces. Outer aliases are checked against <paramref name="enclosing"/>, the scope the type is defined in.</summary>
    private static List<TypeDeclaration> ReadDeclarations(ComponentByteReader reader, int depth, bool component, EnclosingScope enclosing)
    {
        int typeCount = 0, coreTypeCount = 0, instanceCount = 0;
        var scope = new EnclosingScope(enclosing, sort => sort switch
        {
            Sort.Type => typeCount,
            Sort.CoreType => coreTypeCount,
            Sort.Instance => instanceCount,
            _ => 0,
        });
        var importNames = new HashSet<string>(StringComparer.Ordinal);
        var exportNames = new HashSet<string>(StringComparer.Ordinal);
        return ReadVector<TypeDeclaration>(reader, component ? "component type declaration" : "instance type declaration", () =>
        {
            int offset = reader.Position;
            byte kind = reader.ReadByte();
            switch (kind)
            {
                case 0x00:
                    coreTypeCount++;
                    return new CoreTypeDeclaration(ReadCoreType(reader, depth + 1));
                case 0x01:
                    var type = ReadType(reader, depth + 1, scope);
                    if (type is ResourceType)
                    {
                        throw reader.ErrorAt("resource type definitions are not allowed inside component or instance types", offset + 1);
                    }

                    typeCount++;
                    return new TypeDeclarationOfType(type);
                case 0x02:
                    var sort = ReadSort(reader);
                    int targetOffset = reader.Position;
                    AliasDefinition alias = reader.ReadByte() switch
                    {
                        0x00 => new InstanceExportAlias(sort, ReadIndex(reader, instanceCount, "instance"), reader.ReadName()),
                        0x02 => ReadOuterAlias(reader, sort, scope),
                        var b => throw reader.ErrorAt($"alias target 0x{b:x2} is not allowed in a type declaration", targetOffset),
                    };
                    bool allowed = alias is InstanceExportAlias ? sort is Sort.Type or Sort.Instance : sort is Sort.Type or Sort.CoreType;
                    if (!allowed)
                    {
                        throw reader.ErrorAt($"{ComponentDecoder.SortName(sort)} aliases are not allowed in a type declaration", targetOffset);
                    }

                    typeCount += sort == Sort.Type ? 1 : 0;
                    coreTypeCount += sort == Sort.CoreType ? 1 : 0;
                    instanceCount += sort == Sort.Instance ? 1 : 0;
                    return new AliasDeclaration(alias);
                case 0x03 when component:
                    var import = new ImportDeclaration(ReadExternName(reader, import: true), ReadExternType(reader, typeCount));
                    CheckUnique(reader, importNames, import.Name, "import");
                    CheckImplements(reader, import.Name, import.Type.Kind == ExternKind.Instance);
                    typeCount += import.Type.Kind == ExternKind.Type ? 1 : 0;
                    instanceCount += import.Type.Kind == ExternKind.Instance ? 1 : 0;
                    return import;
                case 0x04:
                    var export = new ExportDeclaration(ReadExternName(reader, import: false), ReadExternType(reader, typeCount));
                    CheckUnique(reader, exportNames, export.Name, "export");
                    CheckImplements(reader, export.Name, export.Type.Kind == ExternKind.Instance);
                    typeCount += export.Type.Kind == ExternKind.Type ? 1 : 0;
                    instanceCount += export.Type.Kind == ExternKind.Instance ? 1 : 0;
                    return export;
                default:
                    throw reader.ErrorAt($"unknown {(component ? "component" : "instance")} type declaration 0x{kind:x2}", offset);
            }
        });
    }

    /// <summary>Reads the count and index of an outer alias and checks both against the enclosing scopes.</summary>
    public static OuterAlias ReadOuterAlias(ComponentByteReader reader, Sort sort, EnclosingScope scope)
    {
        int countOffset = reader.Position;
        uint count = reader.ReadU32();
        var target = scope;
        for (uint i = 0; i < count && target is not null; i++)
        {
            target = target.Outer;
        }

        if (target is null)
        {
            throw reader.ErrorAt($"outer alias count {count} reaches past the outermost enclosing scope", countOffset);
        }

        return new OuterAlias(sort, count, ReadIndex(reader, target.Count(sort), $"outer alias names {ComponentDecoder.SortName(sort)}"));
    }

    private static uint ReadIndex(ComponentByteReader reader, int defined, string what)
    {
        int offset = reader.Position;
        uint index = reader.ReadU32();
        if (index >= (uint)defined)
        {
            throw reader.ErrorAt($"{what} index {index} out of range ({defined} defined so far)", offset);
        }

        return index;
    }

    /// <summary>Reads a <c>core:type</c>: a function type or a module type. GC types are not supported.</summary>
    public static CoreTypeDefinition ReadCoreType(ComponentByteReader reader, int depth)
    {
        if (depth > MaxTypeNesting)
        {
            throw reader.Error($"types nested deeper than {MaxTypeNesting}");
        }

        int offset = reader.Position;
        switch (reader.ReadByte())
        {
            case 0x60:
                var parameters = ReadVector(reader, "core parameter", () => ReadCoreValType(reader));
                var results = ReadVector(reader, "core result", () => ReadCoreValType(reader));
                return new CoreFuncType(parameters, results);
            case 0x50:
                var declarations = ReadVector(reader, "core module type declaration", () => ReadModuleDeclaration(reader, depth));
                var imports = new HashSet<(string, string)>();
                var exports = new HashSet<string>(StringComparer.Ordinal);
                foreach (var declaration in declarations)
                {
                    if (declaration is CoreImportDeclaration import && !imports.Add((import.Module, import.Name)))
                    {
                        throw reader.ErrorAt($"core module type imports \"{import.Module}\" \"{import.Name}\" more than once", offset);
                    }

                    if (declaration is CoreExportDeclaration export && !exports.Add(export.Name))
                    {
                        throw reader.ErrorAt($"core module type exports `{export.Name}` more than once", offset);
                    }
                }

                return new CoreModuleType(declarations);
            case 0x4E or 0x4F or 0x00 or 0x5F or 0x5E:
                throw reader.Unsupported("core GC type (rec/sub/struct/array)", offset);
            default:
                throw reader.ErrorAt($"unknown core type 0x{reader.ByteAt(offset):x2}", offset);
        }
    }

    private static CoreModuleDeclaration ReadModuleDeclaration(ComponentByteReader reader, int depth)
    {
        int offset = reader.Position;
        switch (reader.ReadByte())
        {
            case 0x00:
                return new CoreImportDeclaration(reader.ReadName(), reader.ReadName(), ReadCoreExternType(reader));
            case 0x01:
                // Inside a module type, 0x50 is a GC sub type (a nested module type is not allowed).
                if (reader.PeekByte() == 0x50)
                {
                    throw reader.Unsupported("core GC type (rec/sub/struct/array)", reader.Position);
                }

                return new CoreTypeInModuleDeclaration(ReadCoreType(reader, depth + 1));
            case 0x02:
                int aliasOffset = reader.Position;
                if (reader.ReadByte() != 0x10 || reader.ReadByte() != 0x01)
                {
                    throw reader.ErrorAt("core module type aliases must be outer type aliases (0x10 0x01)", aliasOffset);
                }

                return new CoreOuterTypeAliasDeclaration(reader.ReadU32(), reader.ReadU32());
            case 0x03:
                return new CoreExportDeclaration(reader.ReadName(), ReadCoreExternType(reader));
            default:
                throw reader.ErrorAt($"unknown core module type declaration 0x{reader.ByteAt(offset):x2}", offset);
        }
    }

    private static CoreExternType ReadCoreExternType(ComponentByteReader reader)
    {
        int offset = reader.Position;
        switch (reader.ReadByte())
        {
            case 0x00:
                return new CoreFuncExtern(reader.ReadU32());
            case 0x01:
                var element = ReadCoreValType(reader);
                if (element is not (CoreValType.FuncRef or CoreValType.ExternRef))
                {
                    throw reader.ErrorAt("table element type must be a reference type", offset + 1);
                }

                return new CoreTableExtern(element, ReadLimits(reader));
            case 0x02:
                return new CoreMemoryExtern(ReadLimits(reader));
            case 0x03:
                var type = ReadCoreValType(reader);
                int mutOffset = reader.Position;
                return reader.ReadByte() switch
                {
                    0 => new CoreGlobalExtern(type, false),
                    1 => new CoreGlobalExtern(type, true),
                    var b => throw reader.ErrorAt($"invalid global mutability 0x{b:x2}", mutOffset),
                };
            case 0x04:
                int attributeOffset = reader.Position;
                if (reader.ReadByte() != 0)
                {
                    throw reader.ErrorAt("tag attribute must be 0x00 (exception)", attributeOffset);
                }

                return new CoreTagExtern(reader.ReadU32());
            default:
                throw reader.ErrorAt($"unknown core extern type 0x{reader.ByteAt(offset):x2}", offset);
        }
    }

    private static CoreLimits ReadLimits(ComponentByteReader reader)
    {
        int offset = reader.Position;
        byte flags = reader.ReadByte();
        if (flags > 0x07)
        {
            throw reader.ErrorAt($"invalid limits flags 0x{flags:x2}", offset);
        }

        bool is64 = (flags & 0x04) != 0;
        ulong minimum = is64 ? reader.ReadU64() : reader.ReadU32();
        ulong? maximum = (flags & 0x01) != 0 ? (is64 ? reader.ReadU64() : reader.ReadU32()) : null;
        return new CoreLimits(minimum, maximum, (flags & 0x02) != 0, is64);
    }

    private static CoreValType ReadCoreValType(ComponentByteReader reader)
    {
        int offset = reader.Position;
        byte b = reader.ReadByte();
        return b switch
        {
            0x7F or 0x7E or 0x7D or 0x7C or 0x7B or 0x70 or 0x6F => (CoreValType)b,
            0x63 or 0x64 or 0x6E or 0x6D or 0x6C or 0x6B or 0x6A or 0x71 or 0x72 or 0x73 or 0x74 or 0x69
                => throw reader.Unsupported("core GC reference type", offset),
            _ => throw reader.ErrorAt($"unknown core value type 0x{b:x2}", offset),
        };
    }

    /// <summary>Reads the 0x00 / 0x01 prefix of an optional immediate.</summary>
    public static bool ReadOptional(ComponentByteReader reader)
    {
        int offset = reader.Position;
        return reader.ReadByte() switch
        {
            0 => false,
            1 => true,
            var b => throw reader.ErrorAt($"invalid option flag 0x{b:x2}", offset),
        };
    }

    private static List<T> ReadVector<T>(ComponentByteReader reader, string what, Func<T> readOne)
    {
        int count = reader.ReadCount(what);
        var items = new List<T>(count);
        for (int i = 0; i < count; i++)
        {
            items.Add(readOne());
        }

        return items;
    }

    private static List<T> ReadNonEmpty<T>(ComponentByteReader reader, string what, Func<T> readOne)
    {
        int offset = reader.Position;
        var items = ReadVector(reader, what, readOne);
        if (items.Count == 0)
        {
            throw reader.ErrorAt($"a {what} list must not be empty", offset);
        }

        return items;
    }

    private static List<T> Unique<T>(ComponentByteReader reader, IEnumerable<string> names, string what, int offset, List<T> items)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in names)
        {
            if (!ExternNames.IsLabel(name))
            {
                throw reader.ErrorAt($"{what} name `{name}` is not in kebab case", offset);
            }

            if (!seen.Add(name))
            {
                throw reader.ErrorAt($"duplicate {what} name '{name}'", offset);
            }
        }

        return items;
    }
}

/// <summary>
/// A scope that outer aliases may reach (a component, component type or instance type) and how many items of each
/// sort it has defined so far; <see cref="Outer"/> is the scope enclosing it.
/// </summary>
internal sealed class EnclosingScope(EnclosingScope? outer, Func<Sort, int> count)
{
    public EnclosingScope? Outer => outer;

    public int Count(Sort sort) => count(sort);
}
