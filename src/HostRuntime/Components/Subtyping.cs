namespace WitSharp.HostRuntime.Components;

/// <summary>
/// Component-model subtyping where a component supplies an item for a declared type: each <c>with</c> argument of a
/// component instantiation against the nested component's import, and each exported item against the type its export
/// ascribes. Value types match structurally (same field, case, flag and parameter names, same arity, same primitive),
/// resources by identity: an imported resource of the nested component stands for the resource its argument supplied.
/// Types this runtime cannot resolve match anything: the check never rejects on a guess.
/// </summary>
internal sealed class Subtyping
{
    /// <summary>An imported resource of the nested component (by identity) and the resource its argument supplied.</summary>
    private readonly Dictionary<object, object> substituted = new(ReferenceEqualityComparer.Instance);

    /// <summary>Checks every component instantiation's arguments and every ascribed export.</summary>
    /// <exception cref="ComponentFormatException">An argument or exported item does not match its declared type.</exception>
    public static void Check(ComponentDefinition component, TypeScope scope)
    {
        var instanceIndex = 0;
        foreach (var (sort, entry) in component.DefinitionOrder)
        {
            switch (entry.Origin)
            {
                case ComponentInstantiate instantiate when sort == Sort.Instance:
                    if (component.IndexSpace(Sort.Component)[(int)instantiate.Component].Origin is ComponentDefinition nested
                        && new Subtyping().InstantiationProblem(instantiate, nested, component, scope) is { } problem)
                    {
                        throw new ComponentFormatException($"instantiation of component {instantiate.Component} (instance {instanceIndex}): {problem}", "component", component.Offset);
                    }

                    break;
                case ExportDefinition { AscribedType: { } ascribed } export:
                    if (new Subtyping().AscriptionProblem(export, ascribed, component, scope) is { } ascriptionProblem)
                    {
                        throw new ComponentFormatException($"ascribed type of export \"{export.Name.Name}\" is not compatible with the exported item: {ascriptionProblem}", "component", component.Offset);
                    }

                    break;
            }

            instanceIndex += sort == Sort.Instance ? 1 : 0;
        }
    }

    private string? InstantiationProblem(ComponentInstantiate instantiate, ComponentDefinition nested, ComponentDefinition component, TypeScope scope)
    {
        var nestedScope = TypeScope.ForNestedComponent(nested, scope);
        uint nestedTypes = 0, nestedInstances = 0;
        foreach (var (sort, entry) in nested.DefinitionOrder)
        {
            if (entry.Origin is ImportDefinition import && instantiate.Args.FirstOrDefault(a => a.Name == import.Name.Name) is { } argument)
            {
                if (argument.Sort != sort)
                {
                    return $"argument \"{argument.Name}\": expected {ComponentDecoder.SortName(sort)}, found {ComponentDecoder.SortName(argument.Sort)}";
                }

                var problem = sort switch
                {
                    Sort.Type => TypeProblem(scope.Type(argument.Index), nestedScope.Type(nestedTypes), import.Type, nestedScope),
                    Sort.Func => FuncProblem(ComponentValidator.FuncTypeOfItem(component.IndexSpace(Sort.Func)[(int)argument.Index].Origin, component, scope), ComponentValidator.FuncTypeAt(import.Type.Index, nestedScope)),
                    Sort.Instance => InstanceProblem(scope.Instance(argument.Index), nestedScope.Instance(nestedInstances)),
                    _ => null,
                };
                if (problem is not null)
                {
                    return $"argument \"{argument.Name}\": {problem}";
                }
            }

            nestedTypes += sort == Sort.Type ? 1u : 0;
            nestedInstances += sort == Sort.Instance ? 1u : 0;
        }

        return null;
    }

    private string? AscriptionProblem(ExportDefinition export, ExternType ascribed, ComponentDefinition component, TypeScope scope) => export.Sort switch
    {
        Sort.Func when ascribed.Kind == ExternKind.Func =>
            FuncProblem(ComponentValidator.FuncTypeOfItem(component.IndexSpace(Sort.Func)[(int)export.Index].Origin, component, scope), ComponentValidator.FuncTypeAt(ascribed.Index, scope)),
        Sort.Instance when ascribed.Kind == ExternKind.Instance => InstanceProblem(scope.Instance(export.Index), scope.InstanceTypeScope(ascribed.Index)),
        Sort.Type when ascribed is { Kind: ExternKind.Type, IsSubResource: false } => ValueProblem(scope.Type(export.Index), scope.Type(ascribed.Index)),
        _ => null,
    };

    /// <summary>A type argument against a type import: a resource for <c>(sub resource)</c> (which then stands for
    /// it), an equal type for <c>(eq t)</c>.</summary>
    private string? TypeProblem(TypeEntry? actual, TypeEntry? imported, ExternType bound, TypeScope nestedScope)
    {
        if (actual is null || Unresolved(actual))
        {
            return null;
        }

        if (bound.IsSubResource)
        {
            if (actual.ResourceIdentity is not { } resource)
            {
                return "expected resource, found defined type";
            }

            if (imported?.ResourceIdentity is { } placeholder)
            {
                substituted[placeholder] = resource;
            }

            return null;
        }

        return ValueProblem(actual, nestedScope.Type(bound.Index));
    }

    /// <summary>An instance argument (or exported instance) against an instance type: every export the type declares,
    /// present with its sort and a matching type (more exports are fine).</summary>
    private string? InstanceProblem(TypeScope? actual, TypeScope? expected)
    {
        if (actual is null || expected is null)
        {
            return null;
        }

        foreach (var (_, name, type) in expected.Externs)
        {
            var found = actual.Externs.FindIndex(e => e.Name.Name == name.Name);
            if (found < 0)
            {
                // A nested component's scope lists only its exported types, so there a missing function says nothing.
                if (type.Kind == ExternKind.Type || !actual.ListsOnlyTypes)
                {
                    return $"missing expected export `{name.Name}`";
                }

                continue;
            }

            var actualType = actual.Externs[found].Type;
            var problem = actualType.Kind != type.Kind
                ? $"expected {ComponentDecoder.SortName(type.Sort)}, found {ComponentDecoder.SortName(actualType.Sort)}"
                : type.Kind switch
                {
                    ExternKind.Type => TypeProblem(actual.ExternTypeEntry(name.Name), expected.ExternTypeEntry(name.Name), type, expected),
                    ExternKind.Func => FuncProblem(ComponentValidator.FuncTypeAt(actualType.Index, actual), ComponentValidator.FuncTypeAt(type.Index, expected)),
                    ExternKind.Instance => InstanceProblem(actual.ExternInstance(name.Name), expected.ExternInstance(name.Name)),
                    _ => null,
                };
            if (problem is not null)
            {
                return $"type mismatch in instance export `{name.Name}`: {problem}";
            }
        }

        return null;
    }

    private string? FuncProblem((FuncType Type, TypeScope Scope)? actual, (FuncType Type, TypeScope Scope)? expected)
    {
        if (actual is not var (actualFunc, actualScope) || expected is not var (expectedFunc, expectedScope))
        {
            return null;
        }

        if (actualFunc.Params.Count != expectedFunc.Params.Count)
        {
            return $"expected {expectedFunc.Params.Count} parameters, found {actualFunc.Params.Count}";
        }

        for (var i = 0; i < actualFunc.Params.Count; i++)
        {
            if (actualFunc.Params[i].Name != expectedFunc.Params[i].Name)
            {
                return $"expected parameter named `{expectedFunc.Params[i].Name}`, found `{actualFunc.Params[i].Name}`";
            }

            if (ValueProblem(actualFunc.Params[i].Type, actualScope, expectedFunc.Params[i].Type, expectedScope) is { } problem)
            {
                return $"type mismatch in function parameter `{actualFunc.Params[i].Name}`: {problem}";
            }
        }

        return (actualFunc.Result, expectedFunc.Result) switch
        {
            (null, null) => null,
            (null, _) => "expected a result, found none",
            (_, null) => "expected no result, found one",
            ({ } actualResult, { } expectedResult) => ValueProblem(actualResult, actualScope, expectedResult, expectedScope) is { } problem ? $"type mismatch with result type: {problem}" : null,
        };
    }

    private string? ValueProblem(ComponentValType actual, TypeScope actualScope, ComponentValType expected, TypeScope expectedScope) =>
        (actual.Primitive, expected.Primitive) switch
        {
            ({ } a, { } e) => a == e ? null : $"expected primitive `{Describe(e)}` found primitive `{Describe(a)}`",
            ({ } a, null) => ValueProblem(new TypeEntry(null, new PrimitiveType(a), actualScope), expectedScope.Type(expected.TypeIndex)),
            (null, { } e) => ValueProblem(actualScope.Type(actual.TypeIndex), new TypeEntry(null, new PrimitiveType(e), expectedScope)),
            _ => ValueProblem(actualScope.Type(actual.TypeIndex), expectedScope.Type(expected.TypeIndex)),
        };

    private string? ValueProblem(ComponentValType? actual, TypeScope actualScope, ComponentValType? expected, TypeScope expectedScope, string what) => (actual, expected) switch
    {
        (null, null) => null,
        (null, _) => $"expected {what} type, but found none",
        (_, null) => $"expected {what} type to not be present",
        ({ } a, { } e) => ValueProblem(a, actualScope, e, expectedScope),
    };

    /// <summary>Whether a defined (or resource) type matches the expected one.</summary>
    private string? ValueProblem(TypeEntry? actual, TypeEntry? expected)
    {
        if (actual is null || expected is null || Unresolved(actual) || Unresolved(expected))
        {
            return null;
        }

        if (expected.ResourceIdentity is { } expectedResource)
        {
            return actual.ResourceIdentity is { } actualResource
                ? SameResource(actualResource, expectedResource) ? null : "resource types are not the same"
                : "expected resource, found defined type";
        }

        if (actual.ResourceIdentity is not null)
        {
            return "expected defined type, found resource";
        }

        if (actual.Definition is FuncType or InstanceTypeDefinition or ComponentTypeDefinition
            || expected.Definition is FuncType or InstanceTypeDefinition or ComponentTypeDefinition)
        {
            return null;
        }

        var (a, e) = (actual.Definition!, expected.Definition!);
        var (aScope, eScope) = (actual.Scope!, expected.Scope!);
        switch (a, e)
        {
            case (PrimitiveType ap, PrimitiveType ep):
                return ap.Kind == ep.Kind ? null : $"expected primitive `{Describe(ep.Kind)}` found primitive `{Describe(ap.Kind)}`";
            case (RecordType ar, RecordType er):
                if (ar.Fields.Count != er.Fields.Count)
                {
                    return $"expected {er.Fields.Count} fields, found {ar.Fields.Count}";
                }

                for (var i = 0; i < ar.Fields.Count; i++)
                {
                    if (ar.Fields[i].Name != er.Fields[i].Name)
                    {
                        return $"expected field name `{er.Fields[i].Name}`, found `{ar.Fields[i].Name}`";
                    }

                    if (ValueProblem(ar.Fields[i].Type, aScope, er.Fields[i].Type, eScope) is { } fieldProblem)
                    {
                        return $"type mismatch in record field `{ar.Fields[i].Name}`: {fieldProblem}";
                    }
                }

                return null;
            case (VariantType av, VariantType ev):
                if (av.Cases.Count != ev.Cases.Count)
                {
                    return $"expected {ev.Cases.Count} cases, found {av.Cases.Count}";
                }

                for (var i = 0; i < av.Cases.Count; i++)
                {
                    var (ac, ec) = (av.Cases[i], ev.Cases[i]);
                    if (ac.Name != ec.Name)
                    {
                        return $"expected case named `{ec.Name}`, found `{ac.Name}`";
                    }

                    var caseProblem = (ac.Type, ec.Type) switch
                    {
                        (null, null) => null,
                        (null, _) => $"expected case `{ec.Name}` to have a type, found none",
                        (_, null) => $"expected case `{ec.Name}` to have no type",
                        ({ } at, { } et) => ValueProblem(at, aScope, et, eScope) is { } payload ? $"type mismatch in variant case `{ec.Name}`: {payload}" : null,
                    };
                    if (caseProblem is not null)
                    {
                        return caseProblem;
                    }
                }

                return null;
            case (TupleType at, TupleType et):
                if (at.Elements.Count != et.Elements.Count)
                {
                    return $"expected {et.Elements.Count} types, found {at.Elements.Count}";
                }

                for (var i = 0; i < at.Elements.Count; i++)
                {
                    if (ValueProblem(at.Elements[i], aScope, et.Elements[i], eScope) is { } elementProblem)
                    {
                        return $"type mismatch in tuple field {i}: {elementProblem}";
                    }
                }

                return null;
            case (FlagsType af, FlagsType ef):
                return af.Names.SequenceEqual(ef.Names, StringComparer.Ordinal) ? null : "mismatch in flags elements";
            case (EnumType ae, EnumType ee):
                return ae.Names.SequenceEqual(ee.Names, StringComparer.Ordinal) ? null : "mismatch in enum elements";
            case (ListType al, ListType el):
                return ValueProblem(al.Element, aScope, el.Element, eScope) is { } listProblem ? $"type mismatch in list element: {listProblem}" : null;
            case (OptionType ao, OptionType eo):
                return ValueProblem(ao.Payload, aScope, eo.Payload, eScope) is { } optionProblem ? $"type mismatch in option: {optionProblem}" : null;
            case (ResultType ares, ResultType eres):
                return ValueProblem(ares.Ok, aScope, eres.Ok, eScope, "ok") is { } okProblem ? $"type mismatch in ok variant: {okProblem}"
                    : ValueProblem(ares.Error, aScope, eres.Error, eScope, "err") is { } errProblem ? $"type mismatch in err variant: {errProblem}" : null;
            case (OwnType ao, OwnType eo):
                return ValueProblem(aScope.Type(ao.Resource), eScope.Type(eo.Resource));
            case (BorrowType ab, BorrowType eb):
                return ValueProblem(aScope.Type(ab.Resource), eScope.Type(eb.Resource));
            default:
                return $"expected {Describe(e)}, found {Describe(a)}";
        }
    }

    private bool SameResource(object actual, object expected) =>
        ReferenceEquals(actual, substituted.GetValueOrDefault(expected, expected));

    /// <summary>An index this runtime cannot resolve (an alias into an instance it does not model).</summary>
    private static bool Unresolved(TypeEntry entry) => entry is { Definition: null, IsAbstractResource: false } || entry.Scope is null;

    private static string Describe(PrimitiveValType primitive) => primitive.ToString().ToLowerInvariant();

    private static string Describe(ComponentType type) => type switch
    {
        PrimitiveType primitive => primitive.Kind == PrimitiveValType.String ? "string" : Describe(primitive.Kind),
        RecordType => "record",
        VariantType => "variant",
        TupleType => "tuple",
        FlagsType => "flags",
        EnumType => "enum",
        ListType => "list",
        OptionType => "option",
        ResultType => "result",
        OwnType => "own",
        BorrowType => "borrow",
        _ => "type",
    };
}
