using WitSharp.Wit;

namespace WitSharp.HostRuntime.Components;

/// <summary>
/// Dry-run compatibility check of a component against the host's world, without instantiating or running any guest
/// code: every function or interface the component imports must be provided by the world with the same type, and every
/// export the world expects must be exported by the component with the same type.
/// </summary>
public static class ComponentChecker
{
    /// <summary>Compares a component binary's imports and exports with <paramref name="hostWorld"/>.</summary>
    /// <param name="binary">The component's bytes, or a core module carrying a component-type section.</param>
    /// <param name="hostWorld">The world the host implements (its imports) and calls (its exports).</param>
    /// <returns>Every mismatch found, by name; empty when the component fits the world.</returns>
    /// <exception cref="ComponentFormatException">The binary is malformed or neither a component nor a core module with a
    /// component-type section.</exception>
    public static IReadOnlyList<ComponentMismatch> Check(byte[] binary, WitWorld hostWorld)
    {
        ArgumentNullException.ThrowIfNull(hostWorld);
        var decoded = ComponentDecoder.Decode(binary);
        var embeddedWorld = decoded.IsCoreModule ? ComponentSignature.WorldScope(decoded.Component) : null;
        return new Comparison(decoded.Component, embeddedWorld, hostWorld).Run();
    }

    /// <summary>Compares a loaded component with <paramref name="hostWorld"/>; see <see cref="Check(byte[], WitWorld)"/>.</summary>
    /// <param name="component">The component.</param>
    /// <param name="hostWorld">The host's world.</param>
    /// <returns>Every mismatch found, by name.</returns>
    public static IReadOnlyList<ComponentMismatch> Check(Component component, WitWorld hostWorld)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(hostWorld);
        return new Comparison(component.Definition, component.EmbeddedWorld, hostWorld).Run();
    }

    /// <summary>Compares a component, or the world a core module was built for (<paramref name="embeddedWorld"/>).</summary>
    private sealed class Comparison(ComponentDefinition component, TypeScope? embeddedWorld, WitWorld world)
    {
        private readonly TypeScope scope = embeddedWorld ?? TypeScope.ForComponent(component);
        private readonly List<ComponentMismatch> mismatches = [];

        public IReadOnlyList<ComponentMismatch> Run()
        {
            var imports = embeddedWorld is null
                ? component.Imports.Select(i => (i.Name.Name, i.Type))
                : embeddedWorld.Externs.Where(e => e.IsImport).Select(e => (e.Name.Name, e.Type));
            foreach (var (name, type) in imports)
            {
                CheckImport(name, type);
            }

            foreach (var item in world.Exports)
            {
                CheckExpectedExport(item);
            }

            return mismatches;
        }

        private void Report(ComponentMismatchKind kind, string name, string problem) => mismatches.Add(new ComponentMismatch(kind, name, problem));

        private void CheckImport(string name, ExternType importType)
        {
            var hostItem = world.Imports.FirstOrDefault(i => i.Key == name);
            switch (importType.Kind)
            {
                case ExternKind.Func when hostItem is WitWorldFunctionItem function:
                    var (definition, definitionScope) = CoreSignature.Resolve(importType.Index, scope);
                    CompareFunction(ComponentMismatchKind.ImportTypeMismatch, name, (FuncType)definition, definitionScope, function.Function);
                    return;
                case ExternKind.Instance when hostItem is WitWorldInterfaceItem host && scope.InstanceTypeScope(importType.Index) is { } instance:
                    CompareInterface(ComponentMismatchKind.ImportTypeMismatch, ComponentMismatchKind.ExtraImport, name, instance.Externs.Select(e => (e.Name.Name, e.Type)), instance, host.Interface, checkHostHasAll: false);
                    return;
                case ExternKind.Type when world.Types.FirstOrDefault(t => t.Name == name) is { } hostType:
                    CompareTypeBinding(ComponentMismatchKind.ImportTypeMismatch, name, importType, scope, hostType);
                    return;
                default:
                    var printed = new WitPrinter().Extern(importType, scope);
                    Report(ComponentMismatchKind.ExtraImport, name, hostItem is null && importType.Kind != ExternKind.Type
                        ? $"the component imports {name}: {printed}, which the host world {world.QualifiedName} does not provide"
                        : $"the component imports {name}: {printed}, but the host world {world.QualifiedName} provides a different kind of item under that name");
                    return;
            }
        }

        private void CheckExpectedExport(WitWorldItem item)
        {
            switch (item)
            {
                case WitWorldFunctionItem function:
                    if (ExportedFunction(item.Key) is not { } exported)
                    {
                        Report(ComponentMismatchKind.MissingExport, item.Key, $"the host world expects export {item.Key}: {WitText.Function(function.Function)}, which the component does not export");
                        return;
                    }

                    CompareFunction(ComponentMismatchKind.ExportTypeMismatch, item.Key, exported.Type, exported.Scope, function.Function);
                    return;
                case WitWorldInterfaceItem host:
                    if (ExportedInstance(item.Key) is not { } instance)
                    {
                        Report(ComponentMismatchKind.MissingExport, item.Key, $"the host world expects the component to export interface {item.Key}, which it does not export");
                        return;
                    }

                    CompareInterface(ComponentMismatchKind.ExportTypeMismatch, ComponentMismatchKind.MissingExport, item.Key, instance.Externs, instance.Scope, host.Interface, checkHostHasAll: true);
                    return;
            }
        }

        private (FuncType Type, TypeScope Scope)? ExportedFunction(string name)
        {
            if (embeddedWorld is not null)
            {
                var declared = embeddedWorld.Externs.FirstOrDefault(e => !e.IsImport && e.Type.Kind == ExternKind.Func && e.Name.Name == name);
                return declared.Name is not null && CoreSignature.Resolve(declared.Type.Index, embeddedWorld) is (FuncType func, var funcScope) ? (func, funcScope) : null;
            }

            return component.Exports.FirstOrDefault(e => e.Name.Name == name) is { } export ? ExportedFunction(export, component, scope) : null;
        }

        private (IEnumerable<(string Name, ExternType Type)> Externs, TypeScope Scope)? ExportedInstance(string name)
        {
            if (embeddedWorld is not null)
            {
                var declared = embeddedWorld.Externs.FirstOrDefault(e => !e.IsImport && e.Type.Kind == ExternKind.Instance && e.Name.Name == name);
                return declared.Name is not null && embeddedWorld.InstanceTypeScope(declared.Type.Index) is { } instance
                    ? (instance.Externs.Select(e => (e.Name.Name, e.Type)), instance)
                    : null;
            }

            return component.Exports.FirstOrDefault(e => e.Name.Name == name) is { } export ? ExportedInstance(export) : null;
        }

        /// <summary>A function export's type: the ascribed one, or the type it was lifted with.</summary>
        private static (FuncType Type, TypeScope Scope)? ExportedFunction(ExportDefinition export, ComponentDefinition owner, TypeScope ownerScope)
        {
            if (export.Sort != Sort.Func)
            {
                return null;
            }

            uint? typeIndex = export.AscribedType?.Index;
            if (typeIndex is null)
            {
                var origin = owner.IndexSpace(Sort.Func)[(int)export.Index].Origin;
                while (origin is ExportDefinition { Sort: Sort.Func } reexport)
                {
                    origin = owner.IndexSpace(Sort.Func)[(int)reexport.Index].Origin;
                }

                typeIndex = origin switch
                {
                    CanonLift lift => lift.FuncType,
                    ImportDefinition import => import.Type.Index,
                    _ => null,
                };
            }

            return typeIndex is { } index && CoreSignature.Resolve(index, ownerScope) is (FuncType func, var funcScope) ? (func, funcScope) : null;
        }

        /// <summary>An exported instance's members: from its ascribed instance type, or from the re-export shim component
        /// wit-component instantiates for it.</summary>
        private (IEnumerable<(string Name, ExternType Type)> Externs, TypeScope Scope)? ExportedInstance(ExportDefinition export)
        {
            if (export.Sort != Sort.Instance)
            {
                return null;
            }

            if (export.AscribedType is { } ascribed && scope.InstanceTypeScope(ascribed.Index) is { } ascribedScope)
            {
                return (ascribedScope.Externs.Select(e => (e.Name.Name, e.Type)), ascribedScope);
            }

            var origin = component.IndexSpace(Sort.Instance)[(int)export.Index].Origin;
            if (origin is ComponentInstantiate instantiate && component.IndexSpace(Sort.Component)[(int)instantiate.Component].Origin is ComponentDefinition shim)
            {
                var shimScope = TypeScope.ForComponent(shim);
                var externs = new List<(string, ExternType)>();
                foreach (var shimExport in shim.Exports)
                {
                    if (shimExport.Sort == Sort.Func && ExportedFunction(shimExport, shim, shimScope) is { } function)
                    {
                        externs.Add((shimExport.Name.Name, new ExternType(ExternKind.Func, IndexOf(shimScope, function.Type))));
                    }
                    else if (shimExport.Sort == Sort.Type)
                    {
                        externs.Add((shimExport.Name.Name, new ExternType(ExternKind.Type, shimExport.Index)));
                    }
                }

                return (externs, shimScope);
            }

            return null;
        }

        private static uint IndexOf(TypeScope owner, FuncType type)
        {
            for (uint i = 0; owner.Type(i) is { } entry; i++)
            {
                if (ReferenceEquals(entry.Definition, type))
                {
                    return i;
                }
            }

            throw new InvalidOperationException("function type not found in its own scope");
        }

        private void CompareInterface(
            ComponentMismatchKind typeMismatch,
            ComponentMismatchKind absent,
            string interfaceName,
            IEnumerable<(string Name, ExternType Type)> externs,
            TypeScope instanceScope,
            WitInterface host,
            bool checkHostHasAll)
        {
            var hostFunctions = host.Functions.Concat(host.Types.OfType<WitResourceType>().SelectMany(r => (r.Constructor is null ? [] : new[] { r.Constructor }).Concat(r.Functions)))
                .ToDictionary(f => f.CanonicalName, StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, type) in externs)
            {
                seen.Add(name);
                var qualified = $"{interfaceName}#{name}";
                if (type.Kind == ExternKind.Func)
                {
                    var (definition, definitionScope) = CoreSignature.Resolve(type.Index, instanceScope);
                    if (hostFunctions.TryGetValue(name, out var hostFunction))
                    {
                        CompareFunction(typeMismatch, qualified, (FuncType)definition, definitionScope, hostFunction);
                    }
                    else if (!checkHostHasAll)
                    {
                        Report(absent, qualified, $"the component imports {qualified}: {new WitPrinter().Definition(definition, definitionScope)}, which the host's {host} does not define");
                    }
                }
                else if (type.Kind == ExternKind.Type)
                {
                    if (host.FindType(name) is { } hostType)
                    {
                        CompareTypeBinding(typeMismatch, qualified, type, instanceScope, hostType);
                    }
                    else if (!checkHostHasAll)
                    {
                        Report(absent, qualified, $"the component imports type {qualified}, which the host's {host} does not define");
                    }
                }
            }

            if (checkHostHasAll)
            {
                foreach (var (name, function) in hostFunctions)
                {
                    if (!seen.Contains(name))
                    {
                        Report(absent, $"{interfaceName}#{name}", $"the host world expects export {interfaceName}#{name}: {WitText.Function(function)}, which the component does not export");
                    }
                }
            }
        }

        private void CompareTypeBinding(ComponentMismatchKind kind, string name, ExternType type, TypeScope typeScope, WitTypeDefinition host)
        {
            var entry = typeScope.Type(type.Index);
            if (type.IsSubResource || entry is { IsAbstractResource: true } || entry?.Definition is ResourceType)
            {
                if (host.Unalias() is not WitResourceType)
                {
                    Report(kind, name, $"the component has resource {name}, the host world has {WitText.Definition(host)}");
                }

                return;
            }

            if (entry?.Definition is { } definition && entry.Scope is { } definitionScope
                && new TypeMatcher().Definition(definition, definitionScope, host, $"type {name}") is { } problem)
            {
                Report(kind, name, problem);
            }
        }

        private void CompareFunction(ComponentMismatchKind kind, string name, FuncType func, TypeScope funcScope, WitFunction host)
        {
            var problem = new TypeMatcher().Function(func, funcScope, host);
            if (problem is not null)
            {
                Report(kind, name, $"{name}: the component has {new WitPrinter().Definition(func, funcScope)}, the host world has {WitText.Function(host)} ({problem})");
            }
        }
    }

    /// <summary>Structural comparison of component types with resolved WIT types; returns the first difference.</summary>
    private sealed class TypeMatcher
    {
        private const int MaxDepth = 64;

        public string? Function(FuncType func, TypeScope scope, WitFunction host)
        {
            if (func.Params.Count != host.Parameters.Count)
            {
                return $"{func.Params.Count} parameters instead of {host.Parameters.Count}";
            }

            for (var i = 0; i < func.Params.Count; i++)
            {
                var parameter = func.Params[i];
                var hostParameter = host.Parameters[i];
                if (!string.Equals(parameter.Name, hostParameter.Name, StringComparison.OrdinalIgnoreCase))
                {
                    return $"parameter {i + 1} is named {parameter.Name} instead of {hostParameter.Name}";
                }

                if (Value(parameter.Type, scope, hostParameter.Type, $"parameter {parameter.Name}", 0) is { } problem)
                {
                    return problem;
                }
            }

            return (func.Result, host.Result) switch
            {
                (null, null) => null,
                (null, { } hostResult) => $"no result instead of {WitText.Type(hostResult)}",
                ({ } result, null) => $"result {new WitPrinter().ValType(result, scope)} where the host has none",
                ({ } result, { } hostResult) => Value(result, scope, hostResult, "result", 0),
            };
        }

        private string? Value(ComponentValType type, TypeScope scope, WitType host, string path, int depth)
        {
            var resolved = host.Unalias();
            if (type.Primitive is { } primitive)
            {
                return resolved is WitPrimitiveType { Kind: var kind } && (int)kind == 0x7F - (int)primitive
                    ? null
                    : Differ(path, new WitPrinter().ValType(type, scope), host);
            }

            var (definition, definitionScope) = CoreSignature.Resolve(type.TypeIndex, scope);
            return Definition(definition, definitionScope, host, path, depth + 1);
        }

        public string? Definition(ComponentType definition, TypeScope scope, WitType host, string path, int depth = 0)
        {
            if (depth > MaxDepth)
            {
                return $"{path} nests deeper than {MaxDepth} levels";
            }

            var resolved = host.Unalias();
            string? Field(ComponentValType t, WitType h, string p) => Value(t, scope, h, p, depth);
            string? mismatch = Differ(path, new WitPrinter().Definition(definition, scope), host);
            switch (definition, resolved)
            {
                case (PrimitiveType p, _):
                    return Value(ComponentValType.Of(p.Kind), scope, host, path, depth);
                case (RecordType r, WitRecordType h) when r.Fields.Count == h.Fields.Count && r.Fields.Select(f => f.Name).SequenceEqual(h.Fields.Select(f => f.Name), StringComparer.OrdinalIgnoreCase):
                    return r.Fields.Select((f, i) => Field(f.Type, h.Fields[i].Type, $"{path}.{f.Name}")).FirstOrDefault(x => x is not null);
                case (VariantType v, WitVariantType h) when v.Cases.Count == h.Cases.Count && v.Cases.Select(c => c.Name).SequenceEqual(h.Cases.Select(c => c.Name), StringComparer.OrdinalIgnoreCase):
                    for (var i = 0; i < v.Cases.Count; i++)
                    {
                        var problem = (v.Cases[i].Type, h.Cases[i].Type) switch
                        {
                            (null, null) => null,
                            ({ } t, { } ht) => Field(t, ht, $"{path}.{v.Cases[i].Name}"),
                            _ => mismatch,
                        };
                        if (problem is not null)
                        {
                            return problem;
                        }
                    }

                    return null;
                case (EnumType e, WitEnumType h):
                    return e.Names.SequenceEqual(h.Cases.Select(c => c.Name), StringComparer.OrdinalIgnoreCase) ? null : mismatch;
                case (FlagsType f, WitFlagsType h):
                    return f.Names.SequenceEqual(h.Flags.Select(c => c.Name), StringComparer.OrdinalIgnoreCase) ? null : mismatch;
                case (ListType l, WitListType h):
                    return Field(l.Element, h.Element, $"{path}[]");
                case (OptionType o, WitOptionType h):
                    return Field(o.Payload, h.Payload, $"{path}?");
                case (TupleType t, WitTupleType h) when t.Elements.Count == h.Elements.Count:
                    return t.Elements.Select((e, i) => Field(e, h.Elements[i], $"{path}.{i}")).FirstOrDefault(x => x is not null);
                case (ResultType r, WitResultType h):
                    return (r.Ok, h.Ok, r.Error, h.Error) switch
                    {
                        (null, null, null, null) => null,
                        (var ok, var hok, var error, var herror) when (ok is null) == (hok is null) && (error is null) == (herror is null) =>
                            (ok is { } o && hok is not null ? Field(o, hok, $"{path}.ok") : null) ?? (error is { } e && herror is not null ? Field(e, herror, $"{path}.error") : null),
                        _ => mismatch,
                    };
                case (OwnType own, WitHandleType { Kind: WitHandleKind.Own } h):
                    return SameResource(own.Resource, scope, h.Resource) ? null : mismatch;
                case (BorrowType borrow, WitHandleType { Kind: WitHandleKind.Borrow } h):
                    return SameResource(borrow.Resource, scope, h.Resource) ? null : mismatch;
                default:
                    return mismatch;
            }
        }

        private static bool SameResource(uint index, TypeScope scope, WitResourceType host) =>
            string.Equals(scope.Type(index)?.Name, host.Name, StringComparison.OrdinalIgnoreCase);

        private static string Differ(string path, string component, WitType host) =>
            $"{path}: component has {component}, host has {WitText.Expanded(host)}";
    }

    /// <summary>WIT types printed the way <see cref="WitPrinter"/> prints component types, for side-by-side messages.</summary>
    private static class WitText
    {
        public static string Function(WitFunction function)
        {
            var text = $"func({string.Join(", ", function.Parameters.Select(p => $"{p.Name}: {Type(p.Type)}"))})";
            return function.Result is { } result ? $"{text} -> {Type(result)}" : text;
        }

        public static string Type(WitType type) => type switch
        {
            WitTypeDefinition definition => definition.Name,
            _ => Anonymous(type),
        };

        /// <summary>A named type's structure, so both sides of a mismatch show what differs.</summary>
        public static string Expanded(WitType type) => type.Unalias() is WitTypeDefinition definition ? Definition(definition) : Anonymous(type);

        public static string Definition(WitTypeDefinition definition) => definition.Unalias() switch
        {
            WitRecordType r => $"record {{ {string.Join(", ", r.Fields.Select(f => $"{f.Name}: {Type(f.Type)}"))} }}",
            WitVariantType v => $"variant {{ {string.Join(", ", v.Cases.Select(c => c.Type is { } t ? $"{c.Name}({Type(t)})" : c.Name))} }}",
            WitEnumType e => $"enum {{ {string.Join(", ", e.Cases.Select(c => c.Name))} }}",
            WitFlagsType f => $"flags {{ {string.Join(", ", f.Flags.Select(c => c.Name))} }}",
            WitResourceType => "resource",
            var other => Type(other),
        };

        private static string Anonymous(WitType type) => type switch
        {
            WitPrimitiveType p => p.ToString(),
            WitListType l => $"list<{Type(l.Element)}>",
            WitOptionType o => $"option<{Type(o.Payload)}>",
            WitTupleType t => $"tuple<{string.Join(", ", t.Elements.Select(Type))}>",
            WitResultType { Ok: null, Error: null } => "result",
            WitResultType { Ok: { } ok, Error: null } => $"result<{Type(ok)}>",
            WitResultType { Ok: null, Error: { } error } => $"result<_, {Type(error)}>",
            WitResultType { Ok: { } ok, Error: { } error } => $"result<{Type(ok)}, {Type(error)}>",
            WitHandleType { Kind: WitHandleKind.Own } h => $"own<{h.Resource.Name}>",
            WitHandleType h => $"borrow<{h.Resource.Name}>",
            _ => type.ToString() ?? "?",
        };
    }
}

/// <summary>What kind of incompatibility a <see cref="ComponentMismatch"/> is.</summary>
public enum ComponentMismatchKind
{
    /// <summary>The component imports something the host world does not provide.</summary>
    ExtraImport,

    /// <summary>The component imports something the host provides, with a different type.</summary>
    ImportTypeMismatch,

    /// <summary>The host world expects an export the component does not have.</summary>
    MissingExport,

    /// <summary>The component exports what the host expects, with a different type.</summary>
    ExportTypeMismatch,
}

/// <summary>One incompatibility between a component and the host's world.</summary>
/// <param name="Kind">The kind of incompatibility.</param>
/// <param name="Name">The import or export name, e.g. <c>log</c> or <c>wasi:cli/stdout@0.2.0#get-stdout</c>.</param>
/// <param name="Message">What differs, with both types printed.</param>
public sealed record ComponentMismatch(ComponentMismatchKind Kind, string Name, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind}: {Message}";
}
