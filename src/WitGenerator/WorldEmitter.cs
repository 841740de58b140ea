using System;
using System.Collections.Generic;
using System.Linq;
using WitSharp.Wit;

namespace WitSharp.WitGenerator
{
    /// <summary>
    /// Emits the bindings of one world as members of the partial class: the world's types, <c>IImports</c> (plus one
    /// interface per imported interface), <c>RegisterImports</c>, and the <c>Exports</c> proxy (plus one nested proxy per
    /// exported interface).
    /// </summary>
    internal sealed class WorldEmitter
    {
        private const string Runtime = "global::WitSharp.HostRuntime.CanonicalAbi.";

        private readonly WitWorld world;
        private readonly WorldRequest request;
        private readonly TypeMapper types;
        private readonly CodeWriter body = new CodeWriter();
        private readonly List<string> wideDelegates = new List<string>();
        private readonly Dictionary<WitFunction, string> methodNames = new Dictionary<WitFunction, string>();

        private WorldEmitter(WitWorld world, WorldRequest request)
        {
            this.world = world;
            this.request = request;
            types = new TypeMapper("global::" + string.Concat(new[] { request.Namespace }.Where(n => n != null)
                .Concat(request.ContainingTypes.Select(c => c.Substring(c.LastIndexOf(' ') + 1)))
                .Append(request.ClassName)
                .Select(part => part + ".")));
        }

        /// <summary>The source for the world, or null (with a diagnostic) when it uses something the generator cannot bind yet.</summary>
        public static string? Emit(WitWorld world, WorldRequest request, List<DiagnosticInfo> diagnostics, LocationInfo? attributeLocation)
        {
            var emitter = new WorldEmitter(world, request);
            var definitions = emitter.CollectDefinitions();
            var unsupported = emitter.FindUnsupported(definitions);
            if (unsupported != null)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.UnsupportedConstruct, attributeLocation, "world '" + world.QualifiedName + "': " + unsupported));
                return null;
            }

            return emitter.Write(definitions);
        }

        /// <summary>
        /// Resources are bound when the host implements them (declared in an imported interface or in the world itself, which
        /// imports it) or the component does (declared in an exported interface; its handles may appear in any export, not
        /// in imports). Records and variants holding handles of a resource both imported and exported are registered for a
        /// second, component-side type. Returns why the world cannot be bound, or null.
        /// </summary>
        private string? FindUnsupported(List<WitTypeDefinition> definitions)
        {
            foreach (var resource in definitions.OfType<WitResourceType>())
            {
                // Declared in this world or in one it includes: either way the world imports it at top level.
                if (resource.Owner is WitWorld)
                {
                    types.AddHostResource(resource, null);
                    continue;
                }

                var import = world.Imports.OfType<WitWorldInterfaceItem>().FirstOrDefault(i => i.Interface == resource.Owner);
                var export = world.Exports.OfType<WitWorldInterfaceItem>().FirstOrDefault(i => i.Interface == resource.Owner);
                // An interface both imported and exported has two resource types: the host's and the component's.
                if (import != null)
                {
                    types.AddHostResource(resource, import.Key);
                }

                if (export != null)
                {
                    types.AddGuestResource(resource, export.Key);
                }

                if (import == null && export == null)
                {
                    return "resource '" + resource.Name + "' (" + resource.Location + ") is declared in an interface the world neither imports nor exports";
                }
            }

            foreach (var function in world.Imports.SelectMany(Functions).Concat(world.Imports.OfType<WitWorldInterfaceItem>().SelectMany(i => ResourceFunctions(i.Interface))))
            {
                if (Signature(function).Any(t => MentionsHandle(t, r => types.IsGuestResource(r))))
                {
                    return "imported function '" + function.Name + "' (" + function.Location + ") passes handles of a resource the component exports; the generator does not bind that yet";
                }
            }

            foreach (var definition in definitions.Where(d => d is WitRecordType || d is WitVariantType))
            {
                if (MentionsHandle(definition, types.IsImportedAndExported))
                {
                    types.AddTwoSided(definition);
                }
            }

            return null;
        }

        /// <summary>The component's resources whose handles the functions' parameters or results hold.</summary>
        private HashSet<WitResourceType> GuestResourcesIn(IEnumerable<WitFunction> functions)
        {
            var found = new HashSet<WitResourceType>();
            foreach (var type in functions.SelectMany(Signature))
            {
                // The predicate collects and answers false, so the walk visits every handle.
                MentionsHandle(type, r =>
                {
                    if (types.IsGuestResource(r))
                    {
                        found.Add(r);
                    }

                    return false;
                });
            }

            return found;
        }

        private static IEnumerable<WitType> Signature(WitFunction function) =>
            function.Result == null ? function.Parameters.Select(p => p.Type) : function.Parameters.Select(p => p.Type).Append(function.Result);

        /// <summary>True when <paramref name="type"/> contains a handle (own or borrow) of a resource matching <paramref name="resource"/>.</summary>
        private static bool MentionsHandle(WitType? type, Func<WitResourceType, bool> resource)
        {
            var seen = new HashSet<WitType>();
            bool Visit(WitType? t)
            {
                if (t == null || !seen.Add(t))
                {
                    return false;
                }

                switch (t)
                {
                    case WitHandleType handle:
                        return resource(handle.Resource);
                    case WitResourceType own:
                        return resource(own);
                    case WitTypeAlias alias: return Visit(alias.Target);
                    case WitListType list: return Visit(list.Element);
                    case WitOptionType option: return Visit(option.Payload);
                    case WitResultType result: return Visit(result.Ok) || Visit(result.Error);
                    case WitTupleType tuple: return tuple.Elements.Any(Visit);
                    case WitRecordType record: return record.Fields.Any(f => Visit(f.Type));
                    case WitVariantType variant: return variant.Cases.Any(c => Visit(c.Type));
                    default: return false;
                }
            }

            return Visit(type);
        }

        private static IEnumerable<WitFunction> Functions(WitWorldItem item) =>
            item is WitWorldFunctionItem function ? new[] { function.Function }
            : item is WitWorldInterfaceItem @interface ? @interface.Interface.Functions
            : Enumerable.Empty<WitFunction>();

        /// <summary>Every named type the world's items declare or reach, in a stable order (owners in world order, then declaration order).</summary>
        private List<WitTypeDefinition> CollectDefinitions()
        {
            var found = new List<WitTypeDefinition>();
            var seen = new HashSet<WitTypeDefinition>();
            void Visit(WitType? type)
            {
                switch (type)
                {
                    case null:
                        return;
                    case WitTypeAlias alias:
                        Visit(alias.Target);
                        return;
                    case WitTypeDefinition definition:
                        if (!seen.Add(definition))
                        {
                            return;
                        }

                        switch (definition)
                        {
                            case WitRecordType record:
                                foreach (var field in record.Fields)
                                {
                                    Visit(field.Type);
                                }

                                break;
                            case WitVariantType variant:
                                foreach (var variantCase in variant.Cases)
                                {
                                    Visit(variantCase.Type);
                                }

                                break;
                        }

                        found.Add(definition);
                        return;
                    case WitListType list:
                        Visit(list.Element);
                        return;
                    case WitTupleType tuple:
                        foreach (var element in tuple.Elements)
                        {
                            Visit(element);
                        }

                        return;
                    case WitOptionType option:
                        Visit(option.Payload);
                        return;
                    case WitResultType result:
                        Visit(result.Ok);
                        Visit(result.Error);
                        return;
                    case WitHandleType handle:
                        Visit(handle.Resource);
                        return;
                }
            }

            foreach (var item in world.Imports.Concat(world.Exports))
            {
                if (item is WitWorldInterfaceItem @interface)
                {
                    foreach (var definition in @interface.Interface.Types)
                    {
                        Visit(definition);
                    }
                }
            }

            foreach (var definition in world.Types)
            {
                Visit(definition);
            }

            foreach (var function in world.Imports.Concat(world.Exports).SelectMany(Functions))
            {
                foreach (var parameter in function.Parameters)
                {
                    Visit(parameter.Type);
                }

                Visit(function.Result);
            }

            return found;
        }

        private string Write(List<WitTypeDefinition> definitions)
        {
            // "WitSharp" stays free: a type of that name would hide the namespace of the class's own [WitSharp.WitWorld] attribute.
            var scope = new NameScope(Naming.ObjectMembers.Concat(new[] { request.ClassName, "Result", "Option", "Unit", "IImports", "Exports", "RegisterImports", "WitSharp" }));
            foreach (var definition in definitions)
            {
                types.Name(definition, scope);
            }

            foreach (var definition in definitions)
            {
                types.NameComponentSide(definition, scope);
            }

            var exportedInterfaces = world.Exports.OfType<WitWorldInterfaceItem>().Where(i => i.Interface.Functions.Count > 0 || Resources(i.Interface).Any()).ToList();
            var exportScope = new NameScope(Naming.ObjectMembers.Concat(new[] { "Exports" }));
            var proxies = exportedInterfaces.Select(i => (Item: i, Class: exportScope.Claim(ProxyClassName(i)), Property: exportScope.Claim(Naming.Pascal(InterfaceName(i))))).ToList();
            foreach (var (item, className, _) in proxies)
            {
                foreach (var resource in Resources(item.Interface))
                {
                    types.Guest(resource).ProxyClass = "Exports." + className;
                }
            }

            foreach (var definition in definitions)
            {
                WriteDefinition(definition);
                if (types.IsTwoSided(definition))
                {
                    // The component's copy, whose handles are the component's resource types.
                    types.ExportSide = true;
                    WriteDefinition(definition);
                    types.ExportSide = false;
                }
            }

            var importedInterfaces = world.Imports.OfType<WitWorldInterfaceItem>().Where(i => i.Interface.Functions.Count > 0 || Resources(i.Interface).Any())
                .Select(i => (Item: i, Name: scope.Claim("I" + Naming.Pascal(InterfaceName(i))))).ToList();
            var importedFunctions = world.Imports.OfType<WitWorldFunctionItem>().Select(i => i.Function).ToList();
            if (importedFunctions.Count > 0 || importedInterfaces.Count > 0 || WorldResources().Any())
            {
                WriteImports(importedFunctions, importedInterfaces);
            }

            var exportedFunctions = world.Exports.OfType<WitWorldFunctionItem>().Select(i => i.Function).ToList();
            if (exportedFunctions.Count > 0 || exportedInterfaces.Count > 0)
            {
                WriteExports(exportedFunctions, proxies, exportScope);
            }

            var file = new CodeWriter();
            file.Line("// <auto-generated/>");
            file.Line("// Generated by WitSharp.WitGenerator from WIT world " + world.QualifiedName + ".");
            file.Line("#nullable enable");
            file.Line();
            if (request.Namespace != null)
            {
                file.Line("namespace " + request.Namespace);
                file.Open();
            }

            foreach (var containing in request.ContainingTypes)
            {
                file.Line(containing);
                file.Open();
            }

            file.Line("partial class " + request.ClassName);
            file.Open();
            WriteHelperTypes(file);
            file.Lines(body.ToString().TrimEnd('\n'));
            for (var i = 0; i < request.ContainingTypes.Count + (request.Namespace == null ? 1 : 2); i++)
            {
                file.Close();
            }

            return file.ToString();
        }

        /// <summary>
        /// <c>FooExports</c> for the exported interface <c>foo</c>, numbered when a type of the world has that name: inside
        /// <c>Exports</c> the nested proxy class would hide the type.
        /// </summary>
        private string ProxyClassName(WitWorldInterfaceItem item)
        {
            var name = Naming.Pascal(InterfaceName(item)) + "Exports";
            var candidate = name;
            for (var number = 2; types.IsTypeName(candidate); number++)
            {
                candidate = name + Naming.Int(number);
            }

            return candidate;
        }

        private static IEnumerable<WitResourceType> Resources(WitInterface @interface) => @interface.Types.OfType<WitResourceType>();

        /// <summary>The host resources declared at world level (in this world or an included one), which it imports directly.</summary>
        private IEnumerable<WitResourceType> WorldResources() => types.HostResources.Where(r => r.Value.InstanceName == null).Select(r => r.Key);

        /// <summary>The constructors, methods and static functions of an interface's resources, in declaration order.</summary>
        private static IEnumerable<WitFunction> ResourceFunctions(WitInterface @interface) =>
            Resources(@interface).SelectMany(r => r.Functions.Prepend(r.Constructor!).Where(f => f != null));

        private static string InterfaceName(WitWorldInterfaceItem item) => item.Interface.Name ?? item.Key;

        private void WriteHelperTypes(CodeWriter file)
        {
            // Result's docs refer to Unit, so a world with results always gets it.
            if (types.UsesUnit || types.UsesResult)
            {
                file.Line("/// <summary>The empty payload of a <c>result</c> case written <c>_</c> or left out.</summary>");
                file.Line("public readonly record struct Unit;");
                file.Line();
            }

            if (types.HostResources.Any())
            {
                file.Line("/// <summary>The host objects behind resource handles; a handle's representation is the object's index here.</summary>");
                file.Line("private sealed class HostObjects<T> where T : class");
                file.Open();
                file.Line("private readonly global::System.Collections.Generic.List<T?> objects = new global::System.Collections.Generic.List<T?>();");
                file.Line("private readonly global::System.Collections.Generic.Stack<int> free = new global::System.Collections.Generic.Stack<int>();");
                file.Line();
                file.Line("public int Add(T value)");
                file.Open();
                file.Line("if (value is null) throw new global::System.ArgumentNullException(nameof(value), \"a resource returned to the guest must not be null\");");
                file.Line("lock (objects)");
                file.Open();
                file.Line("if (free.Count > 0)");
                file.Open();
                file.Line("var index = free.Pop();");
                file.Line("objects[index] = value;");
                file.Line("return index;");
                file.Close();
                file.Line();
                file.Line("objects.Add(value);");
                file.Line("return objects.Count - 1;");
                file.Close();
                file.Close();
                file.Line();
                file.Line("public T Get(int representation)");
                file.Open();
                file.Line("lock (objects)");
                file.Open();
                file.Line("return (uint)representation < (uint)objects.Count && objects[representation] is { } value");
                file.Line("    ? value");
                file.Line("    : throw new global::WitSharp.HostRuntime.CanonicalAbi.CanonicalAbiTrapException(\"resource representation \" + representation + \" names no live \" + typeof(T).Name + \" object\");");
                file.Close();
                file.Close();
                file.Line();
                file.Line("public T Take(int representation)");
                file.Open();
                file.Line("lock (objects)");
                file.Open();
                file.Line("var value = Get(representation);");
                file.Line("objects[representation] = null;");
                file.Line("free.Push(representation);");
                file.Line("return value;");
                file.Close();
                file.Close();
                file.Close();
                file.Line();
            }

            if (types.UsesOption)
            {
                file.Line("/// <summary>An <c>option</c> whose payload is itself an option (C# cannot nest <c>T??</c>).</summary>");
                file.Line("/// <typeparam name=\"T\">The payload type.</typeparam>");
                file.Line("public readonly record struct Option<T>");
                file.Open();
                file.Line("private Option(T value)");
                file.Open();
                file.Line("HasValue = true;");
                file.Line("Value = value;");
                file.Close();
                file.Line();
                file.Line("/// <summary>The <c>none</c> case.</summary>");
                file.Line("public static Option<T> None => default;");
                file.Line();
                file.Line("/// <summary>True for the <c>some</c> case.</summary>");
                file.Line("public bool HasValue { get; }");
                file.Line();
                file.Line("/// <summary>The payload of the <c>some</c> case (default for <c>none</c>).</summary>");
                file.Line("public T Value { get; }");
                file.Line();
                file.Line("/// <summary>The <c>some</c> case.</summary>");
                file.Line("/// <param name=\"value\">The payload.</param>");
                file.Line("public static Option<T> Some(T value) => new Option<T>(value);");
                file.Close();
                file.Line();
            }

            if (types.UsesResult)
            {
                file.Line("/// <summary>A WIT <c>result</c>: either <c>ok</c> with a <typeparamref name=\"TOk\"/> or <c>error</c> with a <typeparamref name=\"TErr\"/>.</summary>");
                file.Line("/// <typeparam name=\"TOk\">The ok payload (<see cref=\"Unit\"/> when absent).</typeparam>");
                file.Line("/// <typeparam name=\"TErr\">The error payload (<see cref=\"Unit\"/> when absent).</typeparam>");
                file.Line("public sealed record Result<TOk, TErr>");
                file.Open();
                file.Line("private readonly TOk value;");
                file.Line("private readonly TErr error;");
                file.Line();
                file.Line("private Result(bool isOk, TOk value, TErr error)");
                file.Open();
                file.Line("IsOk = isOk;");
                file.Line("this.value = value;");
                file.Line("this.error = error;");
                file.Close();
                file.Line();
                file.Line("/// <summary>True for <c>ok</c>, false for <c>error</c>.</summary>");
                file.Line("public bool IsOk { get; }");
                file.Line();
                file.Line("/// <summary>The ok payload; throws for an error result.</summary>");
                file.Line("public TOk Value => IsOk ? value : throw new global::System.InvalidOperationException(\"the result is an error: \" + error);");
                file.Line();
                file.Line("/// <summary>The error payload; throws for an ok result.</summary>");
                file.Line("public TErr Error => IsOk ? throw new global::System.InvalidOperationException(\"the result is ok, not an error\") : error;");
                file.Line();
                file.Line("/// <summary>An <c>ok</c> result.</summary>");
                file.Line("/// <param name=\"value\">The payload.</param>");
                file.Line("public static Result<TOk, TErr> Ok(TOk value) => new Result<TOk, TErr>(true, value, default!);");
                file.Line();
                file.Line("/// <summary>An <c>error</c> result.</summary>");
                file.Line("/// <param name=\"error\">The payload.</param>");
                file.Line("public static Result<TOk, TErr> Err(TErr error) => new Result<TOk, TErr>(false, default!, error);");
                file.Line();
                file.Line("/// <summary>Formats as <c>Ok(value)</c> or <c>Err(error)</c>.</summary>");
                file.Line("public override string ToString() => IsOk ? \"Ok(\" + value + \")\" : \"Err(\" + error + \")\";");
                file.Close();
                file.Line();
            }
        }

        private void WriteDefinition(WitTypeDefinition definition)
        {
            var name = types.Of(definition);
            switch (definition)
            {
                case WitRecordType record:
                    body.Doc(record.Docs, "The WIT record <c>" + record.Name + "</c>.");
                    foreach (var field in record.Fields)
                    {
                        body.Line("/// <param name=\"" + types.FieldName(record, field) + "\">" + string.Join(" ", Naming.DocLines(field.Docs, "The <c>" + field.Name + "</c> field.")) + "</param>");
                    }

                    body.Line("public sealed record " + name + "(" + string.Join(", ", record.Fields.Select(f => types.Of(f.Type) + " " + types.FieldName(record, f))) + ");");
                    break;
                case WitVariantType variant:
                    body.Doc(variant.Docs, "The WIT variant <c>" + variant.Name + "</c>: one of the nested case records.");
                    body.Line("public abstract record " + name);
                    body.Open();
                    body.Line("private " + name + "()");
                    body.Open();
                    body.Close();
                    var qualified = types.CaseHidesWorldType(variant);
                    foreach (var variantCase in variant.Cases)
                    {
                        body.Line();
                        body.Doc(variantCase.Docs, "The <c>" + variantCase.Name + "</c> case.");
                        var caseName = types.CaseName(variant, variantCase);
                        if (variantCase.Type == null)
                        {
                            body.Line("public sealed record " + caseName + "() : " + name + ";");
                        }
                        else
                        {
                            body.Line("/// <param name=\"Value\">The payload.</param>");
                            var payload = qualified ? types.Qualified(variantCase.Type) : types.Of(variantCase.Type);
                            body.Line("public sealed record " + caseName + "(" + payload + " Value) : " + name + ";");
                        }
                    }

                    body.Close();
                    break;
                case WitEnumType @enum:
                    body.Doc(@enum.Docs, "The WIT enum <c>" + @enum.Name + "</c>.");
                    body.Line("public enum " + name + " : " + Unsigned(CanonicalAbi.DiscriminantSize(@enum)));
                    body.Open();
                    var caseScope = new NameScope(Array.Empty<string>());
                    for (var i = 0; i < @enum.Cases.Count; i++)
                    {
                        body.Doc(@enum.Cases[i].Docs, "The <c>" + @enum.Cases[i].Name + "</c> case.");
                        body.Line(caseScope.Claim(Naming.Pascal(@enum.Cases[i].Name)) + " = " + Naming.Int(i) + ",");
                    }

                    body.Close();
                    break;
                case WitFlagsType flags:
                    body.Doc(flags.Docs, "The WIT flags <c>" + flags.Name + "</c>.");
                    body.Line("[global::System.Flags]");
                    body.Line("public enum " + name + " : " + Unsigned(CanonicalAbi.SizeOf(flags)));
                    body.Open();
                    var flagScope = new NameScope(Array.Empty<string>());
                    for (var i = 0; i < flags.Flags.Count; i++)
                    {
                        body.Doc(flags.Flags[i].Docs, "The <c>" + flags.Flags[i].Name + "</c> flag.");
                        body.Line(flagScope.Claim(Naming.Pascal(flags.Flags[i].Name)) + " = 0x" + (1UL << i).ToString("x", System.Globalization.CultureInfo.InvariantCulture) + ",");
                    }

                    body.Close();
                    break;
                case WitResourceType resource when types.IsImportedAndExported(resource):
                    WriteHostResource(resource, name);
                    body.Line();
                    WriteGuestResource(resource);
                    break;
                case WitResourceType guest when types.IsGuestResource(guest):
                    WriteGuestResource(guest);
                    break;
                case WitResourceType resource:
                    WriteHostResource(resource, name);
                    break;
                default:
                    return;
            }

            body.Line();
        }

        /// <summary>The interface the host implements for a resource and the store of its objects.</summary>
        private void WriteHostResource(WitResourceType resource, string name)
        {
            var store = types.Resource(resource).Store;
            body.Line("private static readonly HostObjects<" + name + "> " + store + " = new HostObjects<" + name + ">();");
            body.Line();
            body.Doc(resource.Docs, "A <c>" + resource.Name + "</c> resource the host implements; disposed when the guest drops its last handle.");
            body.Line("public interface " + name + " : global::System.IDisposable");
            body.Open();
            var scope = new NameScope(Naming.ObjectMembers.Concat(new[] { name, "Dispose" }));
            foreach (var method in resource.Functions.Where(f => f.Kind == WitFunctionKind.Method))
            {
                WriteFunctionDocs(method, skipSelf: true);
                var signature = Signature(method, scope, skipSelf: true);
                methodNames[method] = signature.Name;
                body.Line(signature.Text + ";");
                body.Line();
            }

            body.Close();
        }

        /// <summary>
        /// The handle class of a resource the component implements: it holds the representation of an owned handle the host
        /// lifted out of an export, calls the exported interface's proxy for the resource's functions, and drops the resource
        /// (the component's destructor) once on <c>Dispose</c>.
        /// </summary>
        private void WriteGuestResource(WitResourceType resource)
        {
            types.ExportSide = true;
            WriteGuestResourceClass(resource, types.Of(resource));
            types.ExportSide = false;
        }

        private void WriteGuestResourceClass(WitResourceType resource, string name)
        {
            var proxy = types.Guest(resource).ProxyClass;
            var key = Naming.Literal(types.Guest(resource).Key);
            body.Doc(resource.Docs, "A <c>" + resource.Name + "</c> resource the component implements.");
            body.Line("/// <remarks>Owns the component's resource: <see cref=\"Dispose\"/> drops it (running the component's destructor); a disposed handle, or one passed to the component as <c>own</c>, throws <see cref=\"global::System.ObjectDisposedException\"/>.</remarks>");
            body.Line("public sealed class " + name + " : global::System.IDisposable");
            body.Open();
            body.Line("private readonly " + proxy + " _proxy;");
            body.Line("private readonly int _representation;");
            body.Line("private int _released;");
            body.Line();
            // (representation, proxy): the public constructors all start with the proxy, so no WIT constructor can collide.
            body.Line("internal " + name + "(int representation, " + proxy + " proxy)");
            body.Open();
            body.Line("_proxy = proxy;");
            body.Line("_representation = representation;");
            body.Close();
            body.Line();
            body.Line("private " + name + "(" + name + " created)");
            body.Open();
            body.Line("_proxy = created._proxy;");
            body.Line("_representation = _Move(created, created._proxy);");
            body.Close();
            // "Exports" stays free so the proxy's type name (Exports.FooExports) resolves inside the class.
            var scope = new NameScope(Naming.ObjectMembers.Concat(new[] { name, "Dispose", "Exports" }));
            // A fallible constructor (`-> result<r, e>`) returns a result, which a C# constructor cannot: it becomes a static
            // Create, named after the resource's own functions so that a WIT function named create keeps its name.
            var constructor = resource.Constructor;
            var fallible = constructor != null && !(constructor.Result?.Unalias() is WitHandleType);
            if (constructor != null && !fallible)
            {
                WriteGuestConstructor(constructor, name, proxy, null);
            }

            foreach (var function in resource.Functions)
            {
                body.Line();
                var isMethod = function.Kind == WitFunctionKind.Method;
                var parameters = function.Parameters.Skip(isMethod ? 1 : 0).Select(p => Naming.Camel(p.Name)).ToList();
                var proxyParameter = ProxyParameter(parameters);
                WriteFunctionDocs(function, skipSelf: isMethod, leadingParameterDoc: isMethod ? null : "/// <param name=\"" + proxyParameter + "\">The exported interface of the component instance to call.</param>");
                if (isMethod)
                {
                    body.Line("public " + Signature(function, scope, skipSelf: true).Text + " => _proxy." + ResourceProxyMethod(function) + "(" + string.Join(", ", parameters.Prepend("this")) + ");");
                }
                else
                {
                    body.Line("public static " + Signature(function, scope, leadingParameter: proxy + " " + proxyParameter).Text);
                    body.Line("    => (" + proxyParameter + " ?? throw new global::System.ArgumentNullException(nameof(" + proxyParameter + ")))." + ResourceProxyMethod(function) + "(" + string.Join(", ", parameters) + ");");
                }
            }

            if (fallible)
            {
                WriteGuestConstructor(constructor!, name, proxy, scope.Claim("Create"));
            }

            body.Line();
            body.Line("/// <summary>Drops the resource (the component runs its destructor); later calls do nothing. When the drop fails (the");
            body.Line("/// instance is running a call, or its destructor traps) the exception propagates and the handle stays undisposed.</summary>");
            body.Line("public void Dispose()");
            body.Open();
            body.Line("if (global::System.Threading.Interlocked.Exchange(ref _released, 1) == 0)");
            body.Open();
            body.Line("try");
            body.Open();
            body.Line("_proxy._instance.DropResource(" + key + ", _representation);");
            body.Close();
            body.Line("catch");
            body.Open();
            body.Line("global::System.Threading.Volatile.Write(ref _released, 0);");
            body.Line("throw;");
            body.Close();
            body.Close();
            body.Close();
            body.Line();
            // _Borrow and _Move reject a null handle and one from another instance the same way.
            void WriteHandleChecks()
            {
                body.Line("if (handle is null) throw new global::System.ArgumentNullException(nameof(handle), \"a " + resource.Name + " handle must not be null\");");
                body.Line("if (handle._proxy._instance != proxy._instance) throw new global::System.ArgumentException(\"the " + resource.Name + " belongs to another component instance\", nameof(handle));");
            }

            body.Line("/// <summary>The representation, lent to the defining component (the instance behind <paramref name=\"proxy\"/>) for one call.</summary>");
            body.Line("internal static int _Borrow(" + name + " handle, " + proxy + " proxy)");
            body.Open();
            WriteHandleChecks();
            body.Line("if (global::System.Threading.Volatile.Read(ref handle._released) != 0) throw new global::System.ObjectDisposedException(" + Naming.Literal(name) + ", \"the " + resource.Name + " was disposed or moved into the component\");");
            body.Line("return handle._representation;");
            body.Close();
            body.Line();
            body.Line("/// <summary>The representation, whose ownership moves out of the handle (released without dropping) into the instance behind <paramref name=\"proxy\"/>.</summary>");
            body.Line("internal static int _Move(" + name + " handle, " + proxy + " proxy)");
            body.Open();
            WriteHandleChecks();
            body.Line("if (global::System.Threading.Interlocked.Exchange(ref handle._released, 1) != 0) throw new global::System.ObjectDisposedException(" + Naming.Literal(name) + ", \"the " + resource.Name + " was disposed or moved into the component\");");
            body.Line("return handle._representation;");
            body.Close();
            body.Line();
            body.Line("/// <summary>Gives the handle its resource back after <see cref=\"_Move\"/>, when the call failed before the component ran.</summary>");
            body.Line("internal static void _Restore(" + name + " handle) => global::System.Threading.Volatile.Write(ref handle._released, 0);");
            body.Close();
        }

        /// <summary>The name of the proxy parameter leading a resource's constructor or static function: <c>exports</c>, unless a WIT parameter has it.</summary>
        private static string ProxyParameter(List<string> parameters)
        {
            var candidate = "exports";
            for (var number = 2; parameters.Contains(candidate); number++)
            {
                candidate = "exports" + Naming.Int(number);
            }

            return candidate;
        }

        private static string Unsigned(int size) => size == 1 ? "byte" : size == 2 ? "ushort" : "uint";

        /// <summary>A C# method declaration without modifiers; <paramref name="leadingParameter"/> ("Type name") comes before the WIT parameters.</summary>
        private (string Text, string Name) Signature(WitFunction function, NameScope methodScope, bool skipSelf = false, string? name = null, string? leadingParameter = null)
        {
            var result = function.Result == null ? "void" : types.Of(function.Result);
            name = methodScope.Claim(name ?? Naming.Pascal(function.Name));
            var parameters = function.Parameters.Skip(skipSelf ? 1 : 0).Select(p => types.Of(p.Type) + " " + Naming.Camel(p.Name));
            if (leadingParameter != null)
            {
                parameters = parameters.Prepend(leadingParameter);
            }

            return (result + " " + name + "(" + string.Join(", ", parameters) + ")", name);
        }

        /// <summary>
        /// The constructor of a component resource's class: a C# constructor, or for a fallible WIT constructor the static
        /// method <paramref name="staticName"/> returning its result.
        /// </summary>
        private void WriteGuestConstructor(WitFunction constructor, string className, string proxy, string? staticName)
        {
            var parameters = constructor.Parameters.Select(p => Naming.Camel(p.Name)).ToList();
            var proxyParameter = ProxyParameter(parameters);
            body.Line();
            body.Doc(constructor.Docs, "Creates a <c>" + constructor.Resource!.Name + "</c> by calling the component's <c>" + constructor.CanonicalName + "</c>.");
            body.Line("/// <param name=\"" + proxyParameter + "\">The exported interface of the component instance that creates the resource.</param>");
            foreach (var parameter in constructor.Parameters)
            {
                body.Line("/// <param name=\"" + Naming.Camel(parameter.Name).TrimStart('@') + "\">The <c>" + parameter.Name + "</c> argument.</param>");
            }

            var parameterList = string.Join(", ", constructor.Parameters.Select(p => types.Of(p.Type) + " " + Naming.Camel(p.Name)).Prepend(proxy + " " + proxyParameter));
            var call = "(" + proxyParameter + " ?? throw new global::System.ArgumentNullException(nameof(" + proxyParameter + ")))." + ResourceProxyMethod(constructor) + "(" + string.Join(", ", parameters) + ")";
            if (staticName == null)
            {
                body.Line("public " + className + "(" + parameterList + ")");
                body.Line("    : this(" + call + ")");
                body.Open();
                body.Close();
            }
            else
            {
                body.Line("/// <returns>The new resource, or the component's error.</returns>");
                body.Line("public static " + types.Of(constructor.Result!) + " " + staticName + "(" + parameterList + ") => " + call + ";");
            }
        }

        private void WriteFunctionDocs(WitFunction function, bool skipSelf = false, string? leadingParameterDoc = null)
        {
            body.Doc(function.Docs, "Calls the WIT function <c>" + function.CanonicalName + "</c>.");
            if (leadingParameterDoc != null)
            {
                body.Line(leadingParameterDoc);
            }

            foreach (var parameter in function.Parameters.Skip(skipSelf ? 1 : 0))
            {
                body.Line("/// <param name=\"" + Naming.Camel(parameter.Name).TrimStart('@') + "\">The <c>" + parameter.Name + "</c> argument.</param>");
            }

            if (function.Result != null)
            {
                body.Line("/// <returns>The function's result.</returns>");
            }
        }

        private void WriteImports(List<WitFunction> functions, List<(WitWorldInterfaceItem Item, string Name)> interfaces)
        {
            var importNames = new NameScope(Naming.ObjectMembers);
            body.Line("/// <summary>The host's implementation of the imports of world <c>" + world.QualifiedName + "</c>.</summary>");
            body.Line("[global::WitSharp.WitImportsAttribute(" + Naming.Literal(world.QualifiedName) + ")]");
            body.Line("public interface IImports");
            body.Open();
            // A world-level resource's methods are members of its interface (written with the resource); its constructor
            // and static functions are the world's imports.
            foreach (var function in functions.Where(f => f.Kind != WitFunctionKind.Method))
            {
                WriteImportMethod(function, importNames);
            }

            var propertyNames = new Dictionary<WitWorldInterfaceItem, string>();
            foreach (var (item, interfaceName) in interfaces)
            {
                var property = importNames.Claim(Naming.Pascal(InterfaceName(item)));
                propertyNames[item] = property;
                body.Line("/// <summary>The implementation of the imported interface <c>" + item.Key + "</c>.</summary>");
                body.Line(interfaceName + " " + property + " { get; }");
                body.Line();
            }

            body.Close();
            body.Line();

            foreach (var (item, interfaceName) in interfaces)
            {
                body.Doc(item.Interface.Docs, "The host's implementation of the imported interface <c>" + item.Key + "</c>.");
                body.Line("[global::WitSharp.WitImportsAttribute(" + Naming.Literal(item.Key) + ")]");
                body.Line("public interface " + interfaceName);
                body.Open();
                var scope = new NameScope(Naming.ObjectMembers.Concat(new[] { interfaceName }));
                var resourceFunctions = Resources(item.Interface).SelectMany(r => r.Functions.Where(f => f.Kind == WitFunctionKind.Static).Prepend(r.Constructor!).Where(f => f != null));
                foreach (var function in item.Interface.Functions.Concat(resourceFunctions))
                {
                    WriteImportMethod(function, scope);
                }

                body.Close();
                body.Line();
            }

            body.Line("/// <summary>Registers <paramref name=\"implementation\"/> as the imports of world <c>" + world.QualifiedName + "</c>: each import lifts its arguments, calls the host and lowers the result.</summary>");
            body.Line("/// <param name=\"imports\">Where the component runtime collects the import definitions.</param>");
            body.Line("/// <param name=\"implementation\">The host's implementation.</param>");
            body.Line("public static void RegisterImports(" + Runtime + "IComponentImports imports, IImports implementation)");
            body.Open();
            body.Line("if (imports is null) throw new global::System.ArgumentNullException(nameof(imports));");
            body.Line("if (implementation is null) throw new global::System.ArgumentNullException(nameof(implementation));");
            foreach (var function in functions)
            {
                WriteImportLowering(null, "implementation", function, methodNames[function]);
            }

            foreach (var resource in WorldResources())
            {
                WriteDestructorRegistration(null, resource);
            }

            var index = 0;
            foreach (var (item, _) in interfaces)
            {
                var local = "_interface" + Naming.Int(index++);
                body.Line("var " + local + " = implementation." + propertyNames[item] + ";");
                foreach (var function in item.Interface.Functions)
                {
                    WriteImportLowering(item.Key, local, function, methodNames[function]);
                }

                foreach (var resource in Resources(item.Interface))
                {
                    foreach (var function in resource.Functions.Prepend(resource.Constructor!).Where(f => f != null))
                    {
                        WriteImportLowering(item.Key, local, function, methodNames[function]);
                    }

                    WriteDestructorRegistration(item.Key, resource);
                }
            }

            body.Close();
            body.Line();
            foreach (var wide in wideDelegates)
            {
                body.Line("/// <summary>The core signature of an import with more parameters than <see cref=\"global::System.Action\"/> types cover.</summary>");
                body.Line(wide);
                body.Line();
            }
        }

        /// <summary>One member of an imports interface; a resource's constructor is <c>CreateR</c> and its static <c>f</c> is <c>RF</c>.</summary>
        private void WriteImportMethod(WitFunction function, NameScope scope)
        {
            WriteFunctionDocs(function);
            var preferred = function.Kind == WitFunctionKind.Constructor ? "Create" + Naming.Pascal(function.Resource!.Name)
                : function.Kind == WitFunctionKind.Static ? Naming.Pascal(function.Resource!.Name) + Naming.Pascal(function.Name)
                : null;
            var signature = Signature(function, scope, name: preferred);
            methodNames[function] = signature.Name;
            body.Line(signature.Text + ";");
            body.Line();
        }

        /// <summary>
        /// Disposes the host object when the guest drops its owned handle. A world-level resource is registered under the
        /// empty instance name, as the runtime finds the destructor of a top-level resource import.
        /// </summary>
        private void WriteDestructorRegistration(string? instance, WitResourceType resource) =>
            body.Line("imports.DefineResourceDestructor(" + Naming.Literal(instance ?? "") + ", " + Naming.Literal(resource.Name) + ", _representation => " + types.Resource(resource).Store + ".Take(_representation).Dispose());");

        private static string CoreDelegate(IReadOnlyList<WitCoreType> parameters, IReadOnlyList<WitCoreType> results)
        {
            var arguments = parameters.Select(AbiWriter.CoreType).ToList();
            if (results.Count == 0)
            {
                return arguments.Count == 0 ? "global::System.Action" : "global::System.Action<" + string.Join(", ", arguments) + ">";
            }

            arguments.Add(AbiWriter.CoreType(results[0]));
            return "global::System.Func<" + string.Join(", ", arguments) + ">";
        }

        /// <summary>
        /// Number-only exports with at most four core parameters call through the engine's typed handles (a leaf core
        /// function's call is inlined into the proxy); the others through a delegate. Both have an <c>Invoke</c> method.
        /// </summary>
        private static bool HasTypedCore(WitFunction function, WitFlatSignature signature) =>
            IsNumberOnly(function, signature) && signature.Parameters.Count <= 4;

        private static string CoreCallee(WitFunction function, WitFlatSignature signature)
        {
            if (!HasTypedCore(function, signature))
            {
                return CoreDelegate(signature.Parameters, signature.Results);
            }

            var arguments = signature.Parameters.Concat(signature.Results).Select(AbiWriter.CoreType).ToList();
            var handle = signature.Results.Count == 0 ? "global::WitSharp.Wasm.TypedAction" : "global::WitSharp.Wasm.TypedFunction";
            return arguments.Count == 0 ? handle : handle + "<" + string.Join(", ", arguments) + ">";
        }

        private void WriteImportLowering(string? instance, string target, WitFunction function, string method)
        {
            var signature = CanonicalAbi.FlattenFunction(function, WitAbiDirection.Lower);
            var arguments = signature.Parameters.Select((_, i) => "_a" + Naming.Int(i)).ToList();
            var delegateType = CoreDelegate(signature.Parameters, signature.Results);
            if (signature.Parameters.Count > 16)
            {
                // Func/Action stop at 16 parameters; 16 flat parameters plus the result pointer need a delegate of their own.
                delegateType = "CoreImport" + Naming.Int(wideDelegates.Count);
                wideDelegates.Add("public delegate void " + delegateType + "(" + string.Join(", ", signature.Parameters.Select((t, i) => AbiWriter.CoreType(t) + " a" + Naming.Int(i))) + ");");
            }

            body.Line("imports.DefineFunction(" + Naming.Literal(instance) + ", " + Naming.Literal(function.CanonicalName) + ", _options => new " + delegateType + "((" + string.Join(", ", arguments) + ") =>");
            body.Open();
            body.Line("unchecked");
            body.Open();
            var abi = new AbiWriter(body, types);
            var lifted = new List<string>();
            if (!signature.ParametersSpilled)
            {
                var flat = new Queue<FlatValue>(signature.Parameters.Take(signature.Parameters.Count - (signature.ResultPointerIsParameter ? 1 : 0)).Select((t, i) => new FlatValue(arguments[i], t)));
                foreach (var parameter in function.Parameters)
                {
                    var local = abi.Fresh("x");
                    body.Line("var " + local + " = " + abi.LiftFlat(parameter.Type, flat) + ";");
                    lifted.Add(local);
                }
            }
            else
            {
                var layout = AbiWriter.TupleLayout(function.Parameters.Select(p => p.Type));
                abi.CheckRegion("parameters", "_a0", layout.Size, layout.Alignment);
                for (var i = 0; i < function.Parameters.Count; i++)
                {
                    var local = abi.Fresh("x");
                    body.Line("var " + local + " = " + abi.Load(function.Parameters[i].Type, AbiWriter.Offset("_a0", layout.Offsets[i])) + ";");
                    lifted.Add(local);
                }
            }

            var call = function.Kind == WitFunctionKind.Method
                ? lifted[0] + "." + method + "(" + string.Join(", ", lifted.Skip(1)) + ")"
                : target + "." + method + "(" + string.Join(", ", lifted) + ")";
            if (function.Result == null)
            {
                body.Line(call + ";");
                abi.EndLends();
            }
            else
            {
                body.Line("var _result = " + call + ";");
                abi.EndLends();
                if (!signature.ResultsSpilled)
                {
                    body.Line("return " + abi.LowerFlat(function.Result, "_result")[0].Expression + ";");
                }
                else
                {
                    var resultPointer = arguments[arguments.Count - 1];
                    abi.CheckRegion("results", resultPointer, CanonicalAbi.SizeOf(function.Result), CanonicalAbi.AlignmentOf(function.Result));
                    abi.Store(function.Result, resultPointer, "_result");
                }
            }

            body.Close();
            body.Close("));");
        }

        private void WriteExports(List<WitFunction> functions, List<(WitWorldInterfaceItem Item, string Class, string Property)> nested, NameScope scope)
        {
            body.Line("/// <summary>Typed calls into the exports of world <c>" + world.QualifiedName + "</c> of one component instance.</summary>");
            body.Line("public sealed class Exports");
            body.Open();
            // The world's own functions see the types the world imports (a world-level `use` imports its interface), so a
            // resource both imported and exported is the host's there, as wit-component encodes it; only the exported
            // interfaces see the component's.
            WriteProxyMembers("Exports", null, functions, scope, nested.Select(n => (n.Class, n.Property)).ToList(), definesResources: false);
            types.ExportSide = true;
            foreach (var (item, className, _) in nested)
            {
                body.Line();
                body.Doc(item.Interface.Docs, "Typed calls into the exported interface <c>" + item.Key + "</c>.");
                body.Line("public sealed class " + className);
                body.Open();
                WriteProxyMembers(className, item.Key, item.Interface.Functions.Concat(ResourceFunctions(item.Interface)).ToList(), new NameScope(Naming.ObjectMembers.Concat(new[] { className })), new List<(string, string)>(), Resources(item.Interface).Any());
                body.Close();
            }

            types.ExportSide = false;
            body.Close();
        }

        /// <summary>
        /// The proxy method behind a resource function of an exported interface: internal, and named with underscores (which
        /// no WIT name produces) so it never clashes with the interface's own functions.
        /// </summary>
        private static string ResourceProxyMethod(WitFunction function) =>
            "_" + Naming.Pascal(function.Resource!.Name) + "_" + (function.Kind == WitFunctionKind.Constructor ? "Constructor" : Naming.Pascal(function.Name));

        /// <summary>
        /// The members of an export proxy. <paramref name="definesResources"/> is true for an exported interface defining
        /// resources: their handles' <c>Dispose</c> drops them through the proxy's instance, even when they have no functions.
        /// </summary>
        private void WriteProxyMembers(string className, string? instance, IReadOnlyList<WitFunction> functions, NameScope scope, List<(string Class, string Property)> nested, bool definesResources)
        {
            for (var i = 0; i < functions.Count; i++)
            {
                var signature = CanonicalAbi.FlattenFunction(functions[i], WitAbiDirection.Lift);
                body.Line("private readonly " + Runtime + "LiftedFunction _function" + Naming.Int(i) + ";");
                body.Line("private readonly " + CoreCallee(functions[i], signature) + " _core" + Naming.Int(i) + ";");
                body.Line("private readonly " + CoreDelegate(signature.Results, Array.Empty<WitCoreType>()) + "? _postReturn" + Naming.Int(i) + ";");
                if (IsNumberOnly(functions[i], signature))
                {
                    body.Line("private readonly " + Runtime + "InstanceGuard _guard" + Naming.Int(i) + ";");
                }
            }

            if (functions.Count > 0)
            {
                body.Line();
            }

            if (definesResources)
            {
                body.Line("/// <summary>The instance, which destroys the resources its handles own.</summary>");
                body.Line("internal readonly " + Runtime + "IComponentExports _instance;");
                body.Line();
            }

            // Handles of resources another exported interface defines are tied to that interface's proxy: a nested proxy
            // makes its own, so it can still be constructed on its own. (The world's own functions see only the host's
            // resources, so the world's Exports needs none.)
            var ownedProxies = GuestResourcesIn(functions).Select(r => types.Guest(r).ProxyClass).Where(c => c != "Exports." + className).Distinct()
                .Select(proxyClass => (Class: proxyClass, Field: "_" + proxyClass.Substring("Exports.".Length))).ToList();
            foreach (var (proxyClass, field) in ownedProxies)
            {
                body.Line("private readonly " + proxyClass + " " + field + ";");
                body.Line();
            }

            types.ForeignProxies = ownedProxies.ToDictionary(p => p.Class, p => p.Field);

            body.Line("/// <summary>Looks up the exported functions (once) in a component instance.</summary>");
            body.Line("/// <param name=\"exports\">The instance's exports.</param>");
            body.Line("public " + className + "(" + Runtime + "IComponentExports exports)");
            body.Open();
            body.Line("if (exports is null) throw new global::System.ArgumentNullException(nameof(exports));");
            if (definesResources)
            {
                body.Line("_instance = exports;");
            }

            foreach (var (proxyClass, field) in ownedProxies)
            {
                body.Line(field + " = new " + proxyClass + "(exports);");
            }

            for (var i = 0; i < functions.Count; i++)
            {
                var signature = CanonicalAbi.FlattenFunction(functions[i], WitAbiDirection.Lift);
                var index = Naming.Int(i);
                body.Line("_function" + index + " = exports.GetFunction(" + Naming.Literal(instance) + ", " + Naming.Literal(functions[i].CanonicalName) + ");");
                body.Line("_core" + index + " = _function" + index + (HasTypedCore(functions[i], signature) ? ".GetTypedCore<" : ".GetCore<") + CoreCallee(functions[i], signature) + ">();");
                body.Line("_postReturn" + index + " = _function" + index + ".GetPostReturn<" + CoreDelegate(signature.Results, Array.Empty<WitCoreType>()) + ">();");
                if (IsNumberOnly(functions[i], signature))
                {
                    body.Line("_guard" + index + " = _function" + index + ".Guard;");
                }
            }

            foreach (var (nestedClass, property) in nested)
            {
                body.Line(property + " = new " + nestedClass + "(exports);");
            }

            body.Close();
            foreach (var (nestedClass, property) in nested)
            {
                body.Line();
                body.Line("/// <summary>The exported interface's functions.</summary>");
                body.Line("public " + nestedClass + " " + property + " { get; }");
            }

            for (var i = 0; i < functions.Count; i++)
            {
                body.Line();
                WriteExportMethod(functions[i], i, scope, functions[i].Resource == null ? null : ResourceProxyMethod(functions[i]));
            }
        }

        /// <summary>
        /// True when every parameter is a number, bool or char, the result, if any, a number or bool, and the parameters
        /// fit in registers (at most 16 flat ones; more are spilled into memory from <c>cabi_realloc</c>): lowering and
        /// lifting are conversions that cannot fail and touch no memory, so anything escaping the call came from the component.
        /// </summary>
        private static bool IsNumberOnly(WitFunction function, WitFlatSignature signature) =>
            function.Parameters.All(p => IsNumber(p.Type, allowChar: true)) && (function.Result == null || IsNumber(function.Result, allowChar: false))
            && !signature.ParametersSpilled;

        private static bool IsNumber(WitType type, bool allowChar) =>
            type.Unalias() is WitPrimitiveType primitive && primitive.Kind != WitPrimitiveKind.String && (allowChar || primitive.Kind != WitPrimitiveKind.Char);

        /// <summary>Writes one typed export call; a resource function (<paramref name="resourceMethod"/>) is internal, its handle class calls it.</summary>
        private void WriteExportMethod(WitFunction function, int index, NameScope scope, string? resourceMethod)
        {
            var signature = CanonicalAbi.FlattenFunction(function, WitAbiDirection.Lift);
            var number = Naming.Int(index);
            WriteFunctionDocs(function);
            body.Line((resourceMethod == null ? "public " : "internal ") + Signature(function, scope, name: resourceMethod).Text);
            body.Open();
            body.Line("unchecked");
            body.Open();
            if (IsNumberOnly(function, signature))
            {
                WriteNumberOnlyCall(function, signature, number);
                body.Close();
                body.Close();
                return;
            }

            body.Line("var _options = _function" + number + ".Options;");

            // A trap escaping the call poisons the instance (the exception filter records it and lets it pass on).
            body.Line("_function" + number + ".Enter();");
            body.Line("try");
            body.Open();
            var abi = new AbiWriter(body, types);
            abi.DeclareCallLists(function.Parameters.Select(p => p.Type));
            if (abi.Lent.Count > 0)
            {
                // Host objects lent as borrows live in the store for this call only, and the component must have dropped the
                // borrow handles when it returns (CanonicalABI.md: a task may not exit with outstanding borrows). The try
                // covers the lowering too: if it fails (say, on a null argument), the borrows already lent are withdrawn.
                body.Line("try");
                body.Open();
            }

            var arguments = abi.TakeBack.Count == 0 ? LowerArguments(function, signature, abi) : LowerArgumentsOrTakeBack(function, signature, abi);
            var call = "_core" + number + "(" + string.Join(", ", arguments) + ")";
            var borrowTables = abi.Lent.Select(l => l.Table).Distinct().ToList();
            WriteCallAndLift(function, signature, number, call, abi, borrowTables, "_function" + number + ".Leave();");
            if (abi.Lent.Count > 0)
            {
                body.Close();
                body.Line("finally");
                body.Open();
                foreach (var (store, representations, _) in abi.Lent)
                {
                    body.Line("foreach (var _representation in " + representations + ") _ = " + store + ".Take(_representation);");
                }

                // After a completed call the component dropped them all; after a failed lowering none reached it.
                foreach (var table in borrowTables)
                {
                    body.Line(table + ".RemoveBorrows();");
                }

                body.Close();
            }

            body.Close();
            body.Line("catch (global::System.Exception _trap) when (_function" + number + ".Poison(_trap))");
            body.Open();
            body.Line("throw;");
            body.Close();
            body.Close();
            body.Close();
        }

        /// <summary>
        /// The call of a number-only function (<see cref="IsNumberOnly"/>), around the common <see cref="WriteCallAndLift"/>. It needs no options, and it ends in a <c>finally</c>
        /// instead of an exception filter, so the JIT can inline it into the caller: a trap is all that can escape, and
        /// <c>InstanceGuard.EnsureLeft</c> poisons the instance with it.
        /// </summary>
        private void WriteNumberOnlyCall(WitFunction function, WitFlatSignature signature, string number)
        {
            var abi = new AbiWriter(body, types);
            var call = "_core" + number + ".Invoke(" + string.Join(", ", LowerFlatArguments(function, abi)) + ")";
            body.Line("var _guard = _guard" + number + ";");
            body.Line("_guard.Enter();");
            body.Line("try");
            body.Open();
            WriteCallAndLift(function, signature, number, call, abi, new List<string>(), "_guard.Leave();");
            body.Close();
            body.Line("finally");
            body.Open();
            body.Line("_guard.EnsureLeft();");
            body.Close();
        }

        /// <summary>Writes the lowering of the parameters and returns the core arguments.</summary>
        private List<string> LowerArguments(WitFunction function, WitFlatSignature signature, AbiWriter abi)
        {
            if (!signature.ParametersSpilled)
            {
                return LowerFlatArguments(function, abi);
            }

            AllocateSpilledParameters(function);
            StoreSpilledParameters(function, abi);
            return new List<string> { "_parameters" };
        }

        /// <summary>
        /// Writes the lowering of parameters that move owned handles into the component. If an argument fails with a host
        /// error (a null, disposed or foreign handle, a string the component cannot receive), the component never ran, so
        /// the call leaves no trace: the handle table loses the handles added so far and the caller gets back what was
        /// moved (<see cref="AbiWriter.TakeBack"/>). Nothing here runs component code. Flat arguments go into locals, so
        /// that all of them are lowered before the component is called.
        /// </summary>
        private List<string> LowerArgumentsOrTakeBack(WitFunction function, WitFlatSignature signature, AbiWriter abi)
        {
            var arguments = new List<string>();
            if (!signature.ParametersSpilled)
            {
                foreach (var type in signature.Parameters)
                {
                    var local = abi.Fresh("a");
                    body.Line(AbiWriter.CoreType(type) + " " + local + ";");
                    arguments.Add(local);
                }
            }
            else
            {
                AllocateSpilledParameters(function);
                arguments.Add("_parameters");
            }

            body.Line("_options.Resources.BeginLowering();");
            body.Line("try");
            body.Open();
            if (!signature.ParametersSpilled)
            {
                // Parameter by parameter, so that handles enter the table in parameter order.
                var assigned = 0;
                foreach (var parameter in function.Parameters)
                {
                    foreach (var value in abi.LowerFlat(parameter.Type, Naming.Camel(parameter.Name)))
                    {
                        body.Line(arguments[assigned++] + " = " + value.Expression + ";");
                    }
                }
            }
            else
            {
                StoreSpilledParameters(function, abi);
            }

            body.Close();
            body.Line("catch");
            body.Open();
            body.Line("_options.Resources.UndoLowering();");
            foreach (var statement in abi.TakeBack)
            {
                body.Line(statement);
            }

            body.Line("throw;");
            body.Close();
            body.Line("_options.Resources.EndLowering();");
            return arguments;
        }

        private List<string> LowerFlatArguments(WitFunction function, AbiWriter abi) =>
            function.Parameters.SelectMany(parameter => abi.LowerFlat(parameter.Type, Naming.Camel(parameter.Name))).Select(v => v.Expression).ToList();

        private void AllocateSpilledParameters(WitFunction function)
        {
            var layout = AbiWriter.TupleLayout(function.Parameters.Select(p => p.Type));
            body.Line("var _parameters = _options.Realloc(0, 0, " + Naming.Int(layout.Alignment) + ", " + Naming.Int(layout.Size) + ");");
        }

        private void StoreSpilledParameters(WitFunction function, AbiWriter abi)
        {
            var layout = AbiWriter.TupleLayout(function.Parameters.Select(p => p.Type));
            for (var i = 0; i < function.Parameters.Count; i++)
            {
                abi.Store(function.Parameters[i].Type, AbiWriter.Offset("_parameters", layout.Offsets[i]), Naming.Camel(function.Parameters[i].Name));
            }
        }

        /// <summary>Writes the core call, the lifting of its result, the post-return and <paramref name="leave"/>, the statement that ends the call.</summary>
        private void WriteCallAndLift(WitFunction function, WitFlatSignature signature, string number, string call, AbiWriter abi, List<string> borrowTables, string leave)
        {
            if (signature.Results.Count == 0)
            {
                body.Line(call + ";");
                CheckBorrowsDropped(borrowTables);
                body.Line("_postReturn" + number + "?.Invoke();");
                body.Line(leave);
            }
            else
            {
                body.Line("var _core = " + call + ";");
                CheckBorrowsDropped(borrowTables);
                string lifted;
                if (!signature.ResultsSpilled)
                {
                    lifted = abi.LiftFlat(function.Result!, new Queue<FlatValue>(new[] { new FlatValue("_core", signature.Results[0]) }));
                }
                else
                {
                    abi.CheckRegion("results", "_core", CanonicalAbi.SizeOf(function.Result!), CanonicalAbi.AlignmentOf(function.Result!));
                    lifted = abi.Load(function.Result!, "_core");
                }

                body.Line("var _result = " + lifted + ";");
                body.Line("_postReturn" + number + "?.Invoke(_core);");
                body.Line(leave);
                body.Line("return _result;");
            }
        }

        private void CheckBorrowsDropped(List<string> borrowTables)
        {
            foreach (var table in borrowTables)
            {
                body.Line(table + ".CheckNoOutstandingBorrows();");
            }
        }
    }
}
