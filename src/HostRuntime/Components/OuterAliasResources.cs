namespace WitSharp.HostRuntime.Components;

/// <summary>
/// A type aliased from outside a nested component must not refer to a resource (one the outer component defines or
/// imports): resources are generative per component instance, so inside the nested component the outer resource has
/// no meaning. Aliases between type scopes (component and instance types) within one component may. Checks the
/// aliases that reach the outermost component's types, which this runtime resolves.
/// </summary>
internal static class OuterAliasResources
{
    private const int MaxDepth = 100;

    /// <summary>Checks every outer type alias of the nested components (and the types inside them) that reaches the
    /// outermost component across a component boundary.</summary>
    /// <exception cref="ComponentFormatException">Such an alias names a type that refers to a resource.</exception>
    public static void Check(ComponentDefinition component, TypeScope scope)
    {
        foreach (var nested in component.Components)
        {
            CheckComponent(nested, depth: 1, component, scope);
        }
    }

    /// <summary>A component <paramref name="depth"/> levels inside the outermost one.</summary>
    private static void CheckComponent(ComponentDefinition nested, int depth, ComponentDefinition outermost, TypeScope scope)
    {
        foreach (var alias in nested.Aliases.OfType<OuterAlias>())
        {
            CheckAlias(alias, depth, outermost, scope);
        }

        foreach (var definition in nested.Types)
        {
            CheckDeclarations(definition.Type, depth + 1, outermost, scope);
        }

        foreach (var inner in nested.Components)
        {
            CheckComponent(inner, depth + 1, outermost, scope);
        }
    }

    /// <summary>Aliases inside a component or instance type <paramref name="depth"/> scopes inside the outermost
    /// component; the path to it crosses the nested component, so reaching the outermost one crosses a component.</summary>
    private static void CheckDeclarations(ComponentType type, int depth, ComponentDefinition outermost, TypeScope scope)
    {
        var declarations = type switch
        {
            InstanceTypeDefinition instance => instance.Declarations,
            ComponentTypeDefinition component => component.Declarations,
            _ => [],
        };
        foreach (var declaration in declarations)
        {
            switch (declaration)
            {
                case AliasDeclaration { Alias: OuterAlias alias }:
                    CheckAlias(alias, depth, outermost, scope);
                    break;
                case TypeDeclarationOfType { Type: var inner } when depth < MaxDepth:
                    CheckDeclarations(inner, depth + 1, outermost, scope);
                    break;
            }
        }
    }

    private static void CheckAlias(OuterAlias alias, int depth, ComponentDefinition outermost, TypeScope scope)
    {
        if (alias.Sort == Sort.Type && alias.Count == depth && scope.Type(alias.Index) is { } target
            && ResourceIn(target, new HashSet<TypeScope>(ReferenceEqualityComparer.Instance), 0) is { } resource)
        {
            throw new ComponentFormatException(
                $"outer alias of type {alias.Index} into a nested component: the type transitively refers to resources not defined in the current component ({resource})",
                "component", outermost.Offset);
        }
    }

    /// <summary>A description of a resource the type refers to that is not introduced inside it (scopes in
    /// <paramref name="bound"/> are the type's own declarator scopes); null when there is none.</summary>
    private static string? ResourceIn(TypeEntry entry, HashSet<TypeScope> bound, int depth)
    {
        if (depth > MaxDepth || entry.Scope is not { } scope)
        {
            return null;
        }

        switch (entry.Definition)
        {
            case ResourceType:
                return "a resource the enclosing component defines";
            case null when entry.IsAbstractResource:
                return bound.Contains(scope) ? null : "a resource the enclosing component imports";
            case OwnType own:
                return scope.Type(own.Resource) is { } owned ? ResourceIn(owned, bound, depth + 1) : null;
            case BorrowType borrow:
                return scope.Type(borrow.Resource) is { } borrowed ? ResourceIn(borrowed, bound, depth + 1) : null;
            case InstanceTypeDefinition { Declarations: var declarations }:
                return ResourceInDeclarations(TypeScope.ForDeclarations(declarations, scope), bound, depth);
            case ComponentTypeDefinition { Declarations: var declarations }:
                return ResourceInDeclarations(TypeScope.ForDeclarations(declarations, scope), bound, depth);
            case { } definition:
                return ComponentValidator.ValueTypesIn(definition)
                    .Select(v => v is { Primitive: null } value && scope.Type(value.TypeIndex) is { } member ? ResourceIn(member, bound, depth + 1) : null)
                    .FirstOrDefault(r => r is not null);
            default:
                return null;
        }
    }

    private static string? ResourceInDeclarations(TypeScope declarations, HashSet<TypeScope> bound, int depth)
    {
        bound.Add(declarations);
        foreach (var (_, name, type) in declarations.Externs)
        {
            var found = type.Kind switch
            {
                ExternKind.Type when declarations.ExternTypeEntry(name.Name) is { } member => ResourceIn(member, bound, depth + 1),
                ExternKind.Func when declarations.Type(type.Index) is { } func => ResourceIn(func, bound, depth + 1),
                ExternKind.Instance or ExternKind.Component when declarations.Type(type.Index) is { } nested => ResourceIn(nested, bound, depth + 1),
                _ => null,
            };
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }
}
