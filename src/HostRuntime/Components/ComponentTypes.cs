namespace WitSharp.HostRuntime.Components;

internal enum PrimitiveValType : byte
{
    Bool = 0x7F,
    S8 = 0x7E,
    U8 = 0x7D,
    S16 = 0x7C,
    U16 = 0x7B,
    S32 = 0x7A,
    U32 = 0x79,
    S64 = 0x78,
    U64 = 0x77,
    F32 = 0x76,
    F64 = 0x75,
    Char = 0x74,
    String = 0x73,
}

/// <summary>A value type: a primitive, or an index into the enclosing scope's type index space.</summary>
internal readonly record struct ComponentValType(PrimitiveValType? Primitive, uint TypeIndex)
{
    public static ComponentValType Of(PrimitiveValType primitive) => new(primitive, 0);

    public static ComponentValType Indexed(uint index) => new(null, index);
}

/// <summary>Any <c>deftype</c> of a type section or declarator.</summary>
internal abstract record ComponentType;

internal sealed record PrimitiveType(PrimitiveValType Kind) : ComponentType;

internal sealed record RecordType(IReadOnlyList<NamedValType> Fields) : ComponentType;

internal sealed record NamedValType(string Name, ComponentValType Type);

internal sealed record VariantType(IReadOnlyList<VariantCase> Cases) : ComponentType;

internal sealed record VariantCase(string Name, ComponentValType? Type);

internal sealed record ListType(ComponentValType Element) : ComponentType;

internal sealed record TupleType(IReadOnlyList<ComponentValType> Elements) : ComponentType;

internal sealed record FlagsType(IReadOnlyList<string> Names) : ComponentType;

internal sealed record EnumType(IReadOnlyList<string> Names) : ComponentType;

internal sealed record OptionType(ComponentValType Payload) : ComponentType;

internal sealed record ResultType(ComponentValType? Ok, ComponentValType? Error) : ComponentType;

internal sealed record OwnType(uint Resource) : ComponentType;

internal sealed record BorrowType(uint Resource) : ComponentType;

internal sealed record FuncType(IReadOnlyList<NamedValType> Params, ComponentValType? Result) : ComponentType;

/// <summary>A resource type definition: representation (always i32 today) and optional destructor core func.</summary>
internal sealed record ResourceType(CoreValType Representation, uint? Destructor) : ComponentType;

internal sealed record ComponentTypeDefinition(IReadOnlyList<TypeDeclaration> Declarations) : ComponentType;

internal sealed record InstanceTypeDefinition(IReadOnlyList<TypeDeclaration> Declarations) : ComponentType;

/// <summary>A declarator of a component or instance type.</summary>
internal abstract record TypeDeclaration;

internal sealed record CoreTypeDeclaration(CoreTypeDefinition Type) : TypeDeclaration;

internal sealed record TypeDeclarationOfType(ComponentType Type) : TypeDeclaration;

internal sealed record AliasDeclaration(AliasDefinition Alias) : TypeDeclaration;

internal sealed record ImportDeclaration(ExternName Name, ExternType Type) : TypeDeclaration;

internal sealed record ExportDeclaration(ExternName Name, ExternType Type) : TypeDeclaration;

internal enum ExternKind
{
    CoreModule,
    Func,
    Type,
    Component,
    Instance,
}

/// <summary>
/// An <c>externtype</c> (value externs are not supported). <see cref="Index"/> is the type index for every kind except
/// a type bound of <c>(sub resource)</c> (<see cref="IsSubResource"/>).
/// </summary>
internal sealed record ExternType(ExternKind Kind, uint Index, bool IsSubResource = false)
{
    public Sort Sort => Kind switch
    {
        ExternKind.CoreModule => Sort.CoreModule,
        ExternKind.Func => Sort.Func,
        ExternKind.Type => Sort.Type,
        ExternKind.Component => Sort.Component,
        _ => Sort.Instance,
    };
}

internal enum ExternNameKind
{
    /// <summary>A plain name such as <c>log</c>, <c>[method]file.read</c> or <c>[constructor]file</c>.</summary>
    Plain,

    /// <summary>An interface name <c>ns:pkg/iface@version</c>.</summary>
    Interface,
}

/// <summary>An import or export name, what its syntax says it is, and its <c>implements</c> and <c>versionsuffix</c>
/// attributes.</summary>
internal sealed record ExternName(string Name, ExternNameKind Kind, string? Implements = null, string? VersionSuffix = null)
{
    public override string ToString() => Name;
}

internal enum CoreValType : byte
{
    I32 = 0x7F,
    I64 = 0x7E,
    F32 = 0x7D,
    F64 = 0x7C,
    V128 = 0x7B,
    FuncRef = 0x70,
    ExternRef = 0x6F,
}

internal abstract record CoreTypeDefinition;

internal sealed record CoreFuncType(IReadOnlyList<CoreValType> Params, IReadOnlyList<CoreValType> Results) : CoreTypeDefinition;

internal sealed record CoreModuleType(IReadOnlyList<CoreModuleDeclaration> Declarations) : CoreTypeDefinition;

internal abstract record CoreModuleDeclaration;

internal sealed record CoreImportDeclaration(string Module, string Name, CoreExternType Type) : CoreModuleDeclaration;

internal sealed record CoreTypeInModuleDeclaration(CoreTypeDefinition Type) : CoreModuleDeclaration;

internal sealed record CoreOuterTypeAliasDeclaration(uint Count, uint Index) : CoreModuleDeclaration;

internal sealed record CoreExportDeclaration(string Name, CoreExternType Type) : CoreModuleDeclaration;

internal readonly record struct CoreLimits(ulong Minimum, ulong? Maximum, bool Shared, bool Is64);

internal abstract record CoreExternType;

internal sealed record CoreFuncExtern(uint TypeIndex) : CoreExternType;

internal sealed record CoreTableExtern(CoreValType Element, CoreLimits Limits) : CoreExternType;

internal sealed record CoreMemoryExtern(CoreLimits Limits) : CoreExternType;

internal sealed record CoreGlobalExtern(CoreValType Type, bool Mutable) : CoreExternType;

internal sealed record CoreTagExtern(uint TypeIndex) : CoreExternType;
