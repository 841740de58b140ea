using System.Text;

namespace WitSharp.HostRuntime.Components;

/// <summary>
/// Prints component types in WIT-like syntax for diagnostics (dry-run mismatches, load errors). One printer per
/// printed item: it caps the nodes it expands, because hostile type DAGs can grow exponentially when unfolded.
/// </summary>
internal sealed class WitPrinter
{
    private const int MaxDepth = 32;
    private int remainingNodes = 4096;

    public string ValType(ComponentValType type, TypeScope scope, int depth = 0)
    {
        if (type.Primitive is { } primitive)
        {
            return Primitive(primitive);
        }

        var entry = scope.Type(type.TypeIndex);
        if (entry is null)
        {
            return $"type#{type.TypeIndex}";
        }

        if (entry.Name is not null)
        {
            return entry.Name;
        }

        return entry.Definition is null || entry.Scope is null ? $"type#{type.TypeIndex}" : Definition(entry.Definition, entry.Scope, depth + 1);
    }

    /// <summary>The structure of a definition, with named types referenced by name.</summary>
    public string Definition(ComponentType type, TypeScope scope, int depth = 0)
    {
        if (depth > MaxDepth || --remainingNodes < 0)
        {
            return "...";
        }

        string V(ComponentValType t) => ValType(t, scope, depth);
        string Resource(uint index) => scope.Type(index)?.Name ?? $"type#{index}";
        return type switch
        {
            PrimitiveType p => Primitive(p.Kind),
            RecordType r => $"record {{ {string.Join(", ", r.Fields.Select(f => $"{f.Name}: {V(f.Type)}"))} }}",
            VariantType v => $"variant {{ {string.Join(", ", v.Cases.Select(c => c.Type is { } t ? $"{c.Name}({V(t)})" : c.Name))} }}",
            ListType l => $"list<{V(l.Element)}>",
            TupleType t => $"tuple<{string.Join(", ", t.Elements.Select(V))}>",
            FlagsType f => $"flags {{ {string.Join(", ", f.Names)} }}",
            EnumType e => $"enum {{ {string.Join(", ", e.Names)} }}",
            OptionType o => $"option<{V(o.Payload)}>",
            ResultType { Ok: null, Error: null } => "result",
            ResultType { Ok: { } ok, Error: null } => $"result<{V(ok)}>",
            ResultType { Ok: null, Error: { } error } => $"result<_, {V(error)}>",
            ResultType { Ok: { } ok, Error: { } error } => $"result<{V(ok)}, {V(error)}>",
            OwnType own => $"own<{Resource(own.Resource)}>",
            BorrowType borrow => $"borrow<{Resource(borrow.Resource)}>",
            FuncType func => Func(func, scope, depth),
            ResourceType => "resource",
            InstanceTypeDefinition instance => $"instance {{ {Declarations(instance.Declarations, scope, depth)} }}",
            ComponentTypeDefinition component => $"component {{ {Declarations(component.Declarations, scope, depth)} }}",
            _ => type.GetType().Name,
        };
    }

    private string Func(FuncType func, TypeScope scope, int depth)
    {
        var text = new StringBuilder("func(");
        text.AppendJoin(", ", func.Params.Select(p => $"{p.Name}: {ValType(p.Type, scope, depth)}"));
        text.Append(')');
        if (func.Result is { } result)
        {
            text.Append(" -> ").Append(ValType(result, scope, depth));
        }

        return text.ToString();
    }

    private string Declarations(IReadOnlyList<TypeDeclaration> declarations, TypeScope parent, int depth)
    {
        var inner = TypeScope.ForDeclarations(declarations, parent);
        return string.Join(" ", inner.Externs.Select(e => $"{(e.IsImport ? "import " : "export ")}{e.Name.Name}: {Extern(e.Type, inner, depth + 1)};"));
    }

    /// <summary>The type of an import or export: the function signature, instance contents, type definition, ...</summary>
    public string Extern(ExternType type, TypeScope scope, int depth = 0)
    {
        if (type.Kind == ExternKind.Type)
        {
            if (type.IsSubResource)
            {
                return "resource";
            }

            var entry = scope.Type(type.Index);
            return entry is { Definition: { } definition, Scope: { } definitionScope }
                ? $"type {Definition(definition, definitionScope, depth + 1)}"
                : entry is { IsAbstractResource: true } ? "resource" : $"type#{type.Index}";
        }

        if (type.Kind == ExternKind.CoreModule)
        {
            return "core module";
        }

        var target = scope.Type(type.Index);
        return target is { Definition: { } definition2, Scope: { } targetScope }
            ? Definition(definition2, targetScope, depth + 1)
            : $"type#{type.Index}";
    }

    private static string Primitive(PrimitiveValType primitive) => primitive switch
    {
        PrimitiveValType.Bool => "bool",
        PrimitiveValType.S8 => "s8",
        PrimitiveValType.U8 => "u8",
        PrimitiveValType.S16 => "s16",
        PrimitiveValType.U16 => "u16",
        PrimitiveValType.S32 => "s32",
        PrimitiveValType.U32 => "u32",
        PrimitiveValType.S64 => "s64",
        PrimitiveValType.U64 => "u64",
        PrimitiveValType.F32 => "f32",
        PrimitiveValType.F64 => "f64",
        PrimitiveValType.Char => "char",
        _ => "string",
    };
}
