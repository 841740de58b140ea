using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using WitSharp.Wit.Syntax;

namespace WitSharp.Wit.Resolution
{
    /// <summary>Resolves the interfaces and worlds of one package; other packages are already resolved and found through a callback.</summary>
    internal sealed class PackageResolver
    {
        private enum State
        {
            NotStarted,
            InProgress,
            Done,
        }

        /// <summary>An interface or world of this package with its resolution state (for cycle detection).</summary>
        private sealed class Entry<TAst, TModel>
        {
            public Entry(TAst ast, SourceText source, TModel model)
            {
                Ast = ast;
                Source = source;
                Model = model;
            }

            public TAst Ast { get; }
            public SourceText Source { get; }
            public TModel Model { get; }
            public State State { get; set; }
        }

        private sealed class FileUse
        {
            public FileUse(AstTopUse ast) => Ast = ast;

            public AstTopUse Ast { get; }
            public State State { get; set; }
            public WitInterface? Target { get; set; }
        }

        private readonly PackageUnit _unit;
        private readonly WitPackage _package;
        private readonly Func<AstUsePath, SourceText, WitPackage?> _findPackage;
        private readonly List<WitDiagnostic> _diagnostics;
        private readonly FeatureGates _gates;
        private readonly Dictionary<string, Entry<AstInterface, WitInterface>> _interfaces = new Dictionary<string, Entry<AstInterface, WitInterface>>();
        private readonly Dictionary<string, Entry<AstWorld, WitWorld>> _worlds = new Dictionary<string, Entry<AstWorld, WitWorld>>();
        private readonly Dictionary<SourceText, Dictionary<string, FileUse>> _fileUses = new Dictionary<SourceText, Dictionary<string, FileUse>>();

        public PackageResolver(PackageUnit unit, Func<AstUsePath, SourceText, WitPackage?> findPackage, List<WitDiagnostic> diagnostics, FeatureGates gates)
        {
            _unit = unit;
            _findPackage = findPackage;
            _diagnostics = diagnostics;
            _gates = gates;
            _package = new WitPackage(new WitPackageName(unit.Name.Namespace.Text, unit.Name.Name.Text, unit.Name.Version), unit.Docs);
        }

        public WitPackage Resolve()
        {
            var interfaces = new List<Entry<AstInterface, WitInterface>>();
            var worlds = new List<Entry<AstWorld, WitWorld>>();
            var uses = new List<(FileUse Use, SourceText Source)>();
            foreach (var sourced in _unit.Items)
            {
                var source = sourced.Source;
                switch (sourced.Item)
                {
                    case AstInterface ast:
                        if (DeclarePackageItem(ast.Name, "interface", source))
                        {
                            var entry = new Entry<AstInterface, WitInterface>(ast, source, new WitInterface(ast.Name.Text, _package, Info(ast.Info, ast.Name, source)));
                            _interfaces.Add(ast.Name.Text, entry);
                            interfaces.Add(entry);
                        }

                        break;
                    case AstWorld ast:
                        if (DeclarePackageItem(ast.Name, "world", source))
                        {
                            var entry = new Entry<AstWorld, WitWorld>(ast, source, new WitWorld(ast.Name.Text, _package, Info(ast.Info, ast.Name, source)));
                            _worlds.Add(ast.Name.Text, entry);
                            worlds.Add(entry);
                        }

                        break;
                    case AstTopUse ast:
                        if (!_fileUses.TryGetValue(source, out var fileScope))
                        {
                            fileScope = new Dictionary<string, FileUse>();
                            _fileUses.Add(source, fileScope);
                        }

                        var localName = ast.Alias ?? ast.Path.Name;
                        if (fileScope.ContainsKey(localName.Text))
                        {
                            Report(WitDiagnosticDescriptors.DuplicateName, source, localName, "name", localName.Text, " (a top-level `use` in this file already brings it in)");
                        }
                        else
                        {
                            var use = new FileUse(ast);
                            fileScope.Add(localName.Text, use);
                            uses.Add((use, source));
                        }

                        break;
                }
            }

            // A top-level `use` names something in its own file only, so (as in wit-parser) it clashes with an interface or
            // world declared in that file, not with one of another file of the package.
            foreach (var (use, source) in uses)
            {
                var localName = use.Ast.Alias ?? use.Ast.Path.Name;
                if ((_interfaces.TryGetValue(localName.Text, out var @interface) && @interface.Source == source)
                    || (_worlds.TryGetValue(localName.Text, out var world) && world.Source == source))
                {
                    Report(WitDiagnosticDescriptors.DuplicateName, source, localName, "name", localName.Text, " (this file already declares an interface or world with this name)");
                }
            }

            foreach (var entry in interfaces)
            {
                ResolveInterface(entry, null, null);
            }

            foreach (var (use, source) in uses)
            {
                ResolveFileUse(use, source);
            }

            foreach (var entry in worlds)
            {
                ResolveWorld(entry, null, null);
            }

            _package.Interfaces = interfaces.Select(i => i.Model).ToList();
            _package.Worlds = worlds.Select(w => w.Model).ToList();
            return _package;
        }

        private bool DeclarePackageItem(AstName name, string kind, SourceText source)
        {
            if (_interfaces.ContainsKey(name.Text) || _worlds.ContainsKey(name.Text))
            {
                Report(WitDiagnosticDescriptors.DuplicateName, source, name, kind, name.Text, " in package '" + _unit.Key + "' (interfaces and worlds share one namespace)");
                return false;
            }

            return true;
        }

        private void Report(WitDiagnosticDescriptor descriptor, SourceText source, AstName at, params object[] args) =>
            _diagnostics.Add(descriptor.Create(source.Location(at.Offset, at.Length), args));

        private void ReportAt(WitDiagnosticDescriptor descriptor, SourceText source, int offset, int length, params object[] args) =>
            _diagnostics.Add(descriptor.Create(source.Location(offset, length), args));

        private static WitDocumentedItemInfo Info(AstItemInfo info, AstName name, SourceText source) =>
            new WitDocumentedItemInfo(info.Docs, info.Stability, source.Location(name.Offset, name.Length));

        private void ResolveInterface(Entry<AstInterface, WitInterface> entry, AstUsePath? from, SourceText? fromSource) =>
            ResolveOnce(entry, entry.Ast.Name.Text, "use", from, fromSource, () => ResolveInterfaceMembers(entry.Model, entry.Ast.Members, entry.Source));

        /// <summary>
        /// Runs <paramref name="resolve"/> the first time an item is reached; reaching it again while it is still being
        /// resolved means a <c>use</c>/<c>include</c> cycle, reported at the path that closed it.
        /// </summary>
        private void ResolveOnce<TAst, TModel>(Entry<TAst, TModel> entry, string name, string keyword, AstUsePath? from, SourceText? fromSource, Action resolve)
        {
            if (entry.State == State.Done)
            {
                return;
            }

            if (entry.State == State.InProgress)
            {
                if (from != null && fromSource != null)
                {
                    ReportAt(WitDiagnosticDescriptors.InterfaceCycle, fromSource, from.Offset, from.Length, name, "`" + keyword + " " + from + "` leads back to it");
                }

                return;
            }

            entry.State = State.InProgress;
            resolve();
            entry.State = State.Done;
        }

        private void ResolveInterfaceMembers(WitInterface model, List<AstMember> members, SourceText source)
        {
            var scope = new Scope(model, source);
            DeclareTypes(scope, members);
            var functions = new List<WitFunction>();
            foreach (var member in members)
            {
                if (member is AstFunctionDecl decl && Declare(scope, decl.Name, "function"))
                {
                    functions.Add(ResolveFunction(decl.Name, decl.Type, WitFunctionKind.Freestanding, null, decl.Info, scope));
                }
            }

            model.Types = scope.Types;
            model.Functions = functions;
        }

        private bool Declare(Scope scope, AstName name, string kind)
        {
            if (scope.Names.Add(name.Text))
            {
                return true;
            }

            Report(WitDiagnosticDescriptors.DuplicateName, scope.Source, name, kind, name.Text, " in " + Describe(scope.Owner));
            return false;
        }

        private static string Describe(WitTypeOwner owner) =>
            owner is WitWorld world ? "world '" + world.Name + "'" : owner.Name == null ? "this inline interface" : "interface '" + owner.Name + "'";

        /// <summary>Declares the types and <c>use</c>d names of a body, then resolves their structure and checks for cycles.</summary>
        private void DeclareTypes(Scope scope, List<AstMember> members)
        {
            var source = scope.Source;
            var declarations = new List<(WitTypeDefinition Definition, AstTypeDecl Ast)>();
            foreach (var member in members)
            {
                switch (member)
                {
                    case AstUse use:
                        // wit-parser checks world-level items (uses, types, functions) regardless of their own gates; interfaces honour them.
                        scope.ItemIsUnstable = _gates.Off(use.Info.Stability) != null && !(scope.Owner is WitWorld);
                        var target = LookupInterface(use.Path, source);
                        if (target != null)
                        {
                            CheckStableReference(scope, target, use.Path.Name);
                        }

                        foreach (var name in use.Names)
                        {
                            if (!Declare(scope, name.LocalName, "type"))
                            {
                                continue;
                            }

                            CheckGatedInUnstableOwner(scope, use.Info, name.LocalName);

                            var used = target == null ? null : FindUsedType(target, name.Name, source);
                            if (used == null)
                            {
                                scope.Poisoned.Add(name.LocalName.Text);
                                continue;
                            }

                            CheckStableReference(scope, used, name.Name);

                            var alias = new WitTypeAlias(name.LocalName.Text, Info(use.Info, name.LocalName, source), true) { Target = used, Owner = scope.Owner };
                            AddType(scope, alias);
                        }

                        break;
                    case AstTypeDecl decl:
                        if (!Declare(scope, decl.Name, "type"))
                        {
                            continue;
                        }

                        CheckGatedInUnstableOwner(scope, decl.Info, decl.Name);

                        var definition = CreateShell(decl, source);
                        definition.Owner = scope.Owner;
                        if (definition is WitTypeAlias pending)
                        {
                            scope.PendingAliases.Add(pending, (AstAlias)decl);
                        }

                        AddType(scope, definition);
                        declarations.Add((definition, decl));
                        break;
                }
            }

            foreach (var (definition, decl) in declarations)
            {
                FillDefinition(scope, definition, decl);
            }

            DetectCycles(scope);
        }

        /// <summary>wit-parser rejects a type (declared or brought in by <c>use</c>) that is kept while its @unstable interface or world is left out.</summary>
        private void CheckGatedInUnstableOwner(Scope scope, AstItemInfo info, AstName name)
        {
            var ownerFeature = _gates.Off(scope.Owner.Stability);
            if (ownerFeature != null && _gates.Off(info.Stability) == null)
            {
                Report(WitDiagnosticDescriptors.UngatedTypeInUnstableOwner, scope.Source, name, name.Text, scope.Owner is WitWorld ? "world" : "interface", scope.Owner.Name ?? "(inline)", ownerFeature);
            }
        }

        private static void AddType(Scope scope, WitTypeDefinition definition)
        {
            scope.Types.Add(definition);
            scope.TypesByName[definition.Name] = definition;
        }

        private WitTypeDefinition? FindUsedType(WitInterface target, AstName name, SourceText source)
        {
            var found = target.FindType(name.Text);
            if (found != null)
            {
                return found;
            }

            if (target.Functions.Any(f => f.Name == name.Text))
            {
                Report(WitDiagnosticDescriptors.NotAType, source, name, name.Text, "a function of interface '" + target.Name + "'");
            }
            else
            {
                Report(WitDiagnosticDescriptors.UnknownUsedName, source, name, target.Name ?? "(inline)", name.Text, NameHints.DidYouMean(name.Text, target.Types.Select(t => t.Name)));
            }

            return null;
        }

        private WitTypeDefinition CreateShell(AstTypeDecl decl, SourceText source)
        {
            var info = Info(decl.Info, decl.Name, source);
            var name = decl.Name.Text;
            switch (decl)
            {
                case AstRecord _: return new WitRecordType(name, info);
                case AstVariant _: return new WitVariantType(name, info);
                case AstEnum @enum: return new WitEnumType(name, info, NamedMembers(@enum.Cases, "enum '" + name + "'", "case", source));
                case AstFlags flags:
                    var members = NamedMembers(flags.Flags, "flags '" + name + "'", "flag", source);
                    if (members.Count > 32)
                    {
                        Report(WitDiagnosticDescriptors.TooManyFlags, source, decl.Name, name, members.Count);
                    }

                    return new WitFlagsType(name, info, members);
                case AstResource _: return new WitResourceType(name, info);
                default: return new WitTypeAlias(name, info, false);
            }
        }

        private List<WitNamedMember> NamedMembers(List<AstNamedMember> members, string owner, string kind, SourceText source)
        {
            var result = new List<WitNamedMember>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var member in members)
            {
                if (!seen.Add(member.Name.Text))
                {
                    Report(WitDiagnosticDescriptors.DuplicateName, source, member.Name, kind, member.Name.Text, " in " + owner);
                    continue;
                }

                result.Add(new WitNamedMember(member.Name.Text, member.Docs));
            }

            return result;
        }

        private void CheckNotEmpty(int count, AstTypeDecl decl, string what, string member, SourceText source)
        {
            if (count == 0)
            {
                Report(WitDiagnosticDescriptors.EmptyType, source, decl.Name, what + " '" + decl.Name.Text + "'", member);
            }
        }

        private void FillDefinition(Scope scope, WitTypeDefinition definition, AstTypeDecl decl)
        {
            var source = scope.Source;
            scope.ItemIsUnstable = _gates.Off(decl.Info.Stability) != null && !(scope.Owner is WitWorld);
            switch (definition)
            {
                case WitRecordType record:
                    var fields = new List<WitField>();
                    var fieldNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    var recordAst = (AstRecord)decl;
                    CheckNotEmpty(recordAst.Fields.Count, decl, "record", "field", source);
                    foreach (var field in recordAst.Fields)
                    {
                        if (!fieldNames.Add(field.Name.Text))
                        {
                            Report(WitDiagnosticDescriptors.DuplicateName, source, field.Name, "field", field.Name.Text, " in record '" + decl.Name.Text + "'");
                            continue;
                        }

                        var type = ResolveType(scope, field.Type!, false);
                        if (type != null)
                        {
                            fields.Add(new WitField(field.Name.Text, type, field.Docs));
                        }
                    }

                    record.Fields = fields;
                    break;
                case WitVariantType variant:
                    var cases = new List<WitVariantCase>();
                    var caseNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                    var variantAst = (AstVariant)decl;
                    CheckNotEmpty(variantAst.Cases.Count, decl, "variant", "case", source);
                    foreach (var @case in variantAst.Cases)
                    {
                        if (!caseNames.Add(@case.Name.Text))
                        {
                            Report(WitDiagnosticDescriptors.DuplicateName, source, @case.Name, "case", @case.Name.Text, " in variant '" + decl.Name.Text + "'");
                            continue;
                        }

                        var payload = @case.Type == null ? null : ResolveType(scope, @case.Type, false);
                        cases.Add(new WitVariantCase(@case.Name.Text, payload, @case.Docs));
                    }

                    variant.Cases = cases;
                    break;
                case WitEnumType _:
                    CheckNotEmpty(((AstEnum)decl).Cases.Count, decl, "enum", "case", source);
                    break;
                case WitFlagsType _:
                    CheckNotEmpty(((AstFlags)decl).Flags.Count, decl, "flags", "flag", source);
                    break;
                case WitResourceType resource:
                    FillResource(scope, resource, (AstResource)decl);
                    break;
                case WitTypeAlias alias:
                    ResolveAlias(scope, alias);
                    break;
            }
        }

        private void ResolveAlias(Scope scope, WitTypeAlias alias)
        {
            if (!scope.PendingAliases.TryGetValue(alias, out var decl))
            {
                return;
            }

            if (!scope.ResolvingAliases.Add(alias))
            {
                return;
            }

            var target = ResolveType(scope, decl.Target, true);
            scope.ResolvingAliases.Remove(alias);
            scope.PendingAliases.Remove(alias);
            if (target == null)
            {
                scope.Poisoned.Add(alias.Name);
                scope.TypesByName.Remove(alias.Name);
                scope.Types.Remove(alias);
                return;
            }

            alias.Target = target;
        }

        /// <summary>Resolves a type expression; null after reporting why it cannot be resolved.</summary>
        private WitType? ResolveType(Scope scope, AstType ast, bool isAliasTarget)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (ast)
            {
                case AstPrimitiveType primitive:
                    return WitPrimitiveType.Get(primitive.Kind);
                case AstNamedType named:
                    var definition = LookupType(scope, named.Name);
                    if (definition == null)
                    {
                        return null;
                    }

                    return !isAliasTarget && definition.Unalias() is WitResourceType ownedResource ? new WitHandleType(ownedResource, WitHandleKind.Own) : (WitType)definition;
                case AstListType list:
                    var element = ResolveType(scope, list.Element, false);
                    return element == null ? null : new WitListType(element);
                case AstTupleType tuple:
                    if (tuple.Elements.Count == 0)
                    {
                        ReportAt(WitDiagnosticDescriptors.EmptyType, scope.Source, tuple.Offset, tuple.Length, "a tuple", "element type");
                        return null;
                    }

                    var elements = tuple.Elements.Select(e => ResolveType(scope, e, false)).ToList();
                    return elements.Any(e => e == null) ? null : new WitTupleType(elements.Select(e => e!).ToList());
                case AstOptionType option:
                    var payload = ResolveType(scope, option.Payload, false);
                    return payload == null ? null : new WitOptionType(payload);
                case AstResultType result:
                    var ok = result.Ok == null ? null : ResolveType(scope, result.Ok, false);
                    var error = result.Error == null ? null : ResolveType(scope, result.Error, false);
                    if ((result.Ok != null && ok == null) || (result.Error != null && error == null))
                    {
                        return null;
                    }

                    return new WitResultType(ok, error);
                case AstHandleType handle:
                    var target = LookupType(scope, handle.Resource);
                    if (target == null)
                    {
                        return null;
                    }

                    if (target.Unalias() is WitResourceType resource)
                    {
                        return new WitHandleType(resource, handle.Kind);
                    }

                    Report(WitDiagnosticDescriptors.HandleOfNonResource, scope.Source, handle.Resource, handle.Resource.Text);
                    return null;
                default:
                    return null;
            }
        }

        private WitTypeDefinition? LookupType(Scope scope, AstName name)
        {
            if (scope.TypesByName.TryGetValue(name.Text, out var definition))
            {
                if (definition is WitTypeAlias alias && scope.PendingAliases.ContainsKey(alias))
                {
                    if (scope.ResolvingAliases.Contains(alias))
                    {
                        Report(WitDiagnosticDescriptors.TypeCycle, scope.Source, name, name.Text, "through type aliases");
                        scope.Poisoned.Add(name.Text);
                        return null;
                    }

                    var itemIsUnstable = scope.ItemIsUnstable;
                    ResolveAlias(scope, alias);
                    scope.ItemIsUnstable = itemIsUnstable;
                    if (!scope.TypesByName.TryGetValue(name.Text, out var resolved))
                    {
                        return null;
                    }

                    definition = resolved;
                }

                CheckStableReference(scope, definition, name);
                return definition;
            }

            if (scope.Poisoned.Contains(name.Text))
            {
                return null;
            }

            if (IsPrimitiveLookalike(name.Text))
            {
                Report(WitDiagnosticDescriptors.UnknownPrimitive, scope.Source, name, name.Text);
                return null;
            }

            var candidates = scope.TypesByName.Keys.Concat(new[] { "bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64", "f32", "f64", "char", "string" });
            var hint = NameHints.DidYouMean(name.Text, candidates);
            if (scope.Names.Contains(name.Text))
            {
                Report(WitDiagnosticDescriptors.NotAType, scope.Source, name, name.Text, "a function");
            }
            else
            {
                Report(WitDiagnosticDescriptors.UnknownName, scope.Source, name, name.Text, hint.Length > 0 ? hint : " in " + Describe(scope.Owner));
            }

            return null;
        }

        /// <summary>wasm-tools drops @unstable items (and everything in @unstable interfaces) unless their feature is on, so a stable item must not refer to them.</summary>
        private void CheckStableReference(Scope scope, WitTypeDefinition definition, AstName at)
        {
            if (ContextIsUnstable(scope) || scope.ItemIsUnstable)
            {
                return;
            }

            if (_gates.Off(definition.Stability) is string feature)
            {
                Report(WitDiagnosticDescriptors.UnstableReference, scope.Source, at, "type", definition.Name, feature);
            }
            else if (definition.Owner != scope.Owner)
            {
                CheckStableReference(scope, definition.Owner, at);
            }
        }

        private void CheckStableReference(Scope scope, WitTypeOwner owner, AstName at)
        {
            if (!ContextIsUnstable(scope) && !scope.ItemIsUnstable && _gates.Off(owner.Stability) is string feature && owner != scope.Owner)
            {
                Report(WitDiagnosticDescriptors.UnstableReference, scope.Source, at, owner is WitWorld ? "world" : "interface", owner.Name ?? "(inline)", feature);
            }
        }

        /// <summary>True when the whole interface or world is gated off: references inside it need no gate of their own.</summary>
        private bool ContextIsUnstable(Scope scope) => _gates.Off(scope.Owner.Stability) != null;

        private static bool IsPrimitiveLookalike(string name)
        {
            if (name == "float32" || name == "float64" || name == "int" || name == "uint")
            {
                return true;
            }

            return name.Length >= 2 && (name[0] == 's' || name[0] == 'u' || name[0] == 'f' || name[0] == 'i') && name.Skip(1).All(char.IsDigit);
        }

        /// <summary>Reports records/variants/aliases that contain themselves (through any anonymous type, but not through a handle).</summary>
        private void DetectCycles(Scope scope)
        {
            var done = new HashSet<WitTypeDefinition>();
            var path = new List<WitTypeDefinition>();
            foreach (var definition in scope.Types)
            {
                Visit(definition);
            }

            void Visit(WitTypeDefinition definition)
            {
                RuntimeHelpers.EnsureSufficientExecutionStack();
                if (done.Contains(definition) || definition.Owner != scope.Owner)
                {
                    return;
                }

                var index = path.IndexOf(definition);
                if (index >= 0)
                {
                    var cycle = path.Skip(index).Select(d => d.Name).Concat(new[] { definition.Name });
                    var location = definition.Location;
                    _diagnostics.Add(WitDiagnosticDescriptors.TypeCycle.Create(location, definition.Name, string.Join(" -> ", cycle)));
                    done.Add(definition);
                    return;
                }

                path.Add(definition);
                foreach (var referenced in Referenced(definition))
                {
                    Visit(referenced);
                }

                path.RemoveAt(path.Count - 1);
                done.Add(definition);
            }
        }

        private static IEnumerable<WitTypeDefinition> Referenced(WitTypeDefinition definition)
        {
            switch (definition)
            {
                case WitRecordType record: return record.Fields.SelectMany(f => Contained(f.Type));
                case WitVariantType variant: return variant.Cases.Where(c => c.Type != null).SelectMany(c => Contained(c.Type!));
                case WitTypeAlias alias when !alias.IsUse && alias.Target != null: return Contained(alias.Target);
                default: return Enumerable.Empty<WitTypeDefinition>();
            }
        }

        private static IEnumerable<WitTypeDefinition> Contained(WitType type)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (type)
            {
                case WitTypeDefinition definition: return new[] { definition };
                case WitListType list: return Contained(list.Element);
                case WitOptionType option: return Contained(option.Payload);
                case WitTupleType tuple: return tuple.Elements.SelectMany(Contained);
                case WitResultType result: return (result.Ok == null ? Enumerable.Empty<WitTypeDefinition>() : Contained(result.Ok)).Concat(result.Error == null ? Enumerable.Empty<WitTypeDefinition>() : Contained(result.Error));
                default: return Enumerable.Empty<WitTypeDefinition>();
            }
        }

        private void FillResource(Scope scope, WitResourceType resource, AstResource ast)
        {
            var functions = new List<WitFunction>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var function in ast.Functions)
            {
                if (function.Kind == WitFunctionKind.Constructor)
                {
                    if (resource.Constructor != null)
                    {
                        Report(WitDiagnosticDescriptors.DuplicateConstructor, scope.Source, function.Name, resource.Name);
                        continue;
                    }

                    resource.Constructor = ResolveFunction(new AstName(resource.Name, function.Name.Offset, function.Name.Length), function.Type, WitFunctionKind.Constructor, resource, function.Info, scope);
                    continue;
                }

                if (!names.Add(function.Name.Text))
                {
                    Report(WitDiagnosticDescriptors.DuplicateName, scope.Source, function.Name, "function", function.Name.Text, " in resource '" + resource.Name + "'");
                    continue;
                }

                functions.Add(ResolveFunction(function.Name, function.Type, function.Kind, resource, function.Info, scope));
            }

            resource.Functions = functions;
        }

        private WitFunction ResolveFunction(AstName name, AstFunctionType ast, WitFunctionKind kind, WitResourceType? resource, AstItemInfo info, Scope scope)
        {
            var function = new WitFunction(name.Text, kind, resource, Info(info, name, scope.Source)) { Owner = scope.Owner };
            // Every resource function refers to its resource (wit-parser keeps it as the function's owner), so it needs its own gate when the
            // resource is unstable. wit-parser checks world-level functions and types regardless of their own gates.
            scope.ItemIsUnstable = _gates.Off(info.Stability) != null && !(scope.Owner is WitWorld);
            if (resource != null)
            {
                CheckStableReference(scope, resource, name);
            }

            var parameters = new List<WitParameter>();
            var parameterNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (kind == WitFunctionKind.Method)
            {
                parameters.Add(new WitParameter("self", new WitHandleType(resource!, WitHandleKind.Borrow)));
                parameterNames.Add("self");
            }

            foreach (var parameter in ast.Parameters)
            {
                if (!parameterNames.Add(parameter.Name.Text))
                {
                    Report(WitDiagnosticDescriptors.DuplicateName, scope.Source, parameter.Name, "parameter", parameter.Name.Text, " in function '" + function.CanonicalName + "'");
                    continue;
                }

                var type = ResolveType(scope, parameter.Type, false);
                if (type != null)
                {
                    parameters.Add(new WitParameter(parameter.Name.Text, type));
                }
            }

            function.Parameters = parameters;
            if (ast.Result != null)
            {
                function.Result = ResolveType(scope, ast.Result, false);
                var borrowed = function.Result == null ? null : FindBorrow(function.Result, new HashSet<WitTypeDefinition>());
                if (borrowed != null)
                {
                    ReportAt(WitDiagnosticDescriptors.BorrowInResult, scope.Source, ast.Result.Offset, ast.Result.Length, function.CanonicalName, borrowed.Name);
                }
            }

            if (kind == WitFunctionKind.Constructor)
            {
                if (ast.Result == null)
                {
                    function.Result = new WitHandleType(resource!, WitHandleKind.Own);
                }
                else if (function.Result != null && !(function.Result.Unalias() is WitResultType result && result.Ok?.Unalias() is WitHandleType handle && handle.Resource == resource && handle.Kind == WitHandleKind.Own))
                {
                    ReportAt(WitDiagnosticDescriptors.ConstructorResult, scope.Source, ast.Result.Offset, ast.Result.Length, resource!.Name);
                }
            }

            return function;
        }

        /// <summary>The resource of the first <c>borrow</c> handle found inside <paramref name="type"/>, or null.</summary>
        private static WitResourceType? FindBorrow(WitType type, HashSet<WitTypeDefinition> visited)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            switch (type)
            {
                case WitHandleType handle:
                    return handle.Kind == WitHandleKind.Borrow ? handle.Resource : null;
                case WitTypeDefinition definition:
                    if (!visited.Add(definition))
                    {
                        return null;
                    }

                    switch (definition)
                    {
                        case WitTypeAlias alias: return alias.Target == null ? null : FindBorrow(alias.Target, visited);
                        case WitRecordType record: return record.Fields.Select(f => FindBorrow(f.Type, visited)).FirstOrDefault(r => r != null);
                        case WitVariantType variant: return variant.Cases.Where(c => c.Type != null).Select(c => FindBorrow(c.Type!, visited)).FirstOrDefault(r => r != null);
                        default: return null;
                    }

                case WitListType list: return FindBorrow(list.Element, visited);
                case WitOptionType option: return FindBorrow(option.Payload, visited);
                case WitTupleType tuple: return tuple.Elements.Select(e => FindBorrow(e, visited)).FirstOrDefault(r => r != null);
                case WitResultType result:
                    return (result.Ok == null ? null : FindBorrow(result.Ok, visited)) ?? (result.Error == null ? null : FindBorrow(result.Error, visited));
                default:
                    return null;
            }
        }

        /// <summary>
        /// Finds the interface a path names; reports and returns null when it cannot. A path naming a world is reported
        /// unless <paramref name="referrerDropped"/>: an item gated off by a feature is dropped, and wit-parser never
        /// resolves it.
        /// </summary>
        private WitInterface? LookupInterface(AstUsePath path, SourceText source, bool referrerDropped = false)
        {
            if (path.IsLocal)
            {
                if (_fileUses.TryGetValue(source, out var fileScope) && fileScope.TryGetValue(path.Name.Text, out var fileUse))
                {
                    return ResolveFileUse(fileUse, source);
                }

                if (_interfaces.TryGetValue(path.Name.Text, out var entry))
                {
                    ResolveInterface(entry, path, source);
                    return entry.State == State.Done ? entry.Model : null;
                }

                if (_worlds.ContainsKey(path.Name.Text))
                {
                    if (!referrerDropped)
                    {
                        Report(WitDiagnosticDescriptors.NotAnInterface, source, path.Name, path.Name.Text);
                    }

                    return null;
                }

                var known = _interfaces.Keys.Concat(fileScope?.Keys ?? Enumerable.Empty<string>());
                Report(WitDiagnosticDescriptors.UnknownInterface, source, path.Name, path.Name.Text, "package '" + _unit.Key + "'", NameHints.DidYouMean(path.Name.Text, known));
                return null;
            }

            if (IsThisPackage(path))
            {
                ReportSelfReference(path, source);
                return null;
            }

            var package = _findPackage(path, source);
            if (package == null)
            {
                return null;
            }

            var found = package.FindInterface(path.Name.Text);
            if (found != null)
            {
                return found;
            }

            if (package.FindWorld(path.Name.Text) != null)
            {
                if (!referrerDropped)
                {
                    Report(WitDiagnosticDescriptors.NotAnInterface, source, path.Name, path.Name.Text);
                }

                return null;
            }

            Report(WitDiagnosticDescriptors.UnknownInterface, source, path.Name, path.Name.Text, "package '" + package.Name + "'", NameHints.DidYouMean(path.Name.Text, package.Interfaces.Select(i => i.Name!)));
            return null;
        }

        /// <summary>wit-parser treats a package naming itself as a dependency cycle; items of the same package are referred to by plain name.</summary>
        private void ReportSelfReference(AstUsePath path, SourceText source) =>
            ReportAt(WitDiagnosticDescriptors.PackageCycle, source, path.Offset, path.Length, _unit.Key, "'" + path + "' names this package itself; refer to '" + path.Name.Text + "' by its plain name");

        private bool IsThisPackage(AstUsePath path) =>
            path.Namespace!.Text == _unit.Name.Namespace.Text && path.Package!.Text == _unit.Name.Name.Text && (path.Version == null || path.Version == _unit.Name.Version);

        private WitInterface? ResolveFileUse(FileUse use, SourceText source)
        {
            if (use.State == State.NotStarted)
            {
                use.State = State.InProgress;
                var path = use.Ast.Path;
                if (path.IsLocal)
                {
                    if (_interfaces.TryGetValue(path.Name.Text, out var entry))
                    {
                        ResolveInterface(entry, path, source);
                        use.Target = entry.State == State.Done ? entry.Model : null;
                    }
                    else
                    {
                        Report(WitDiagnosticDescriptors.UnknownInterface, source, path.Name, path.Name.Text, "package '" + _unit.Key + "'", NameHints.DidYouMean(path.Name.Text, _interfaces.Keys));
                    }
                }
                else
                {
                    use.Target = LookupInterface(path, source);
                }

                use.State = State.Done;
            }

            return use.Target;
        }

        private WitWorld? LookupWorld(AstUsePath path, SourceText source)
        {
            if (!path.IsLocal && IsThisPackage(path))
            {
                ReportSelfReference(path, source);
                return null;
            }

            if (path.IsLocal)
            {
                // The file's own names come first, as for interfaces; a top-level `use` brings in an interface.
                if ((_fileUses.TryGetValue(source, out var fileScope) && fileScope.ContainsKey(path.Name.Text)) || _interfaces.ContainsKey(path.Name.Text))
                {
                    Report(WitDiagnosticDescriptors.NotAWorld, source, path.Name, path.Name.Text);
                    return null;
                }

                if (_worlds.TryGetValue(path.Name.Text, out var entry))
                {
                    ResolveWorld(entry, path, source);
                    return entry.State == State.Done ? entry.Model : null;
                }

                Report(WitDiagnosticDescriptors.UnknownWorld, source, path.Name, path.Name.Text, "package '" + _unit.Key + "'", NameHints.DidYouMean(path.Name.Text, _worlds.Keys));
                return null;
            }

            var package = _findPackage(path, source);
            if (package == null)
            {
                return null;
            }

            var found = package.FindWorld(path.Name.Text);
            if (found == null && package.FindInterface(path.Name.Text) != null)
            {
                Report(WitDiagnosticDescriptors.NotAWorld, source, path.Name, path.Name.Text);
            }
            else if (found == null)
            {
                Report(WitDiagnosticDescriptors.UnknownWorld, source, path.Name, path.Name.Text, "package '" + package.Name + "'", NameHints.DidYouMean(path.Name.Text, package.Worlds.Select(w => w.Name)));
            }

            return found;
        }

        private void ResolveWorld(Entry<AstWorld, WitWorld> entry, AstUsePath? from, SourceText? fromSource) =>
            ResolveOnce(entry, entry.Ast.Name.Text, "include", from, fromSource, () => new WorldBuilder(this, entry.Model, entry.Source).Build(entry.Ast.Members));

        /// <summary>Collects a world's imports and exports, merges includes and adds the imports implied by <c>use</c>.</summary>
        private sealed class WorldBuilder
        {
            private readonly PackageResolver _resolver;
            private readonly WitWorld _world;
            private readonly SourceText _source;
            private readonly List<WitWorldItem> _imports = new List<WitWorldItem>();
            private readonly List<WitWorldItem> _exports = new List<WitWorldItem>();
            private readonly List<WitInterface> _usedInterfaces = new List<WitInterface>();
            private readonly Dictionary<WitWorldItem, WitLocation> _exportLocations = new Dictionary<WitWorldItem, WitLocation>();

            public WorldBuilder(PackageResolver resolver, WitWorld world, SourceText source)
            {
                _resolver = resolver;
                _world = world;
                _source = source;
            }

            public void Build(List<AstMember> members)
            {
                var scope = new Scope(_world, _source);
                _resolver.DeclareTypes(scope, members);
                foreach (var alias in scope.Types.OfType<WitTypeAlias>().Where(a => a.IsUse))
                {
                    if (alias.Target is WitTypeDefinition used && used.Owner is WitInterface owner && !_usedInterfaces.Contains(owner))
                    {
                        _usedInterfaces.Add(owner);
                    }
                }

                // A resource declared in the world itself is imported, and so are its constructor, methods and statics (under their canonical names).
                foreach (var resource in scope.Types.OfType<WitResourceType>())
                {
                    foreach (var function in (resource.Constructor == null ? new WitFunction[0] : new[] { resource.Constructor }).Concat(resource.Functions))
                    {
                        _imports.Add(new WitWorldFunctionItem(function, function.CanonicalName));
                    }
                }

                foreach (var external in members.OfType<AstWorldExtern>())
                {
                    AddExtern(external, scope);
                }

                // Like wit-parser, includes merge after the world's own items, so an explicit import may repeat an included one.
                foreach (var include in members.OfType<AstInclude>())
                {
                    AddInclude(include, scope);
                }

                _world.Types = scope.Types;
                Elaborate();
            }

            private void AddExtern(AstWorldExtern external, Scope scope)
            {
                var items = external.IsExport ? _exports : _imports;
                var verb = external.IsExport ? "exports" : "imports";
                switch (external.Kind)
                {
                    case AstImportKind.Function:
                        var name = external.Name!;
                        if (CheckPlainKey(items, external.IsExport, scope, name, verb))
                        {
                            items.Add(new WitWorldFunctionItem(_resolver.ResolveFunction(name, external.Function!, WitFunctionKind.Freestanding, null, external.Info, scope)));
                        }

                        break;
                    case AstImportKind.InlineInterface:
                        var inlineName = external.Name!;
                        var inline = new WitInterface(null, _world.Package, Info(external.Info, inlineName, _source));
                        _resolver.ResolveInterfaceMembers(inline, external.InlineMembers!, _source);
                        if (CheckPlainKey(items, external.IsExport, scope, inlineName, verb))
                        {
                            var inlineItem = new WitWorldInterfaceItem(inlineName.Text, inline, false, external.Info.Stability, external.Info.Docs);
                            items.Add(inlineItem);
                            _exportLocations[inlineItem] = _source.Location(inlineName.Offset, inlineName.Length);
                        }

                        break;
                    case AstImportKind.Path when external.Name != null:
                        var plainName = external.Name;
                        scope.ItemIsUnstable = _resolver._gates.Off(external.Info.Stability) != null;
                        var named = _resolver.LookupInterface(external.Path!, _source, scope.ItemIsUnstable);
                        if (named != null)
                        {
                            _resolver.CheckStableReference(scope, named, external.Path!.Name);
                        }

                        if (named != null && CheckPlainKey(items, external.IsExport, scope, plainName, verb))
                        {
                            var namedItem = new WitWorldInterfaceItem(plainName.Text, named, false, external.Info.Stability, external.Info.Docs);
                            items.Add(namedItem);
                            _exportLocations[namedItem] = _source.Location(plainName.Offset, plainName.Length);
                        }

                        break;
                    default:
                        var path = external.Path!;
                        scope.ItemIsUnstable = _resolver._gates.Off(external.Info.Stability) != null;
                        var @interface = _resolver.LookupInterface(path, _source, scope.ItemIsUnstable);
                        if (@interface != null)
                        {
                            _resolver.CheckStableReference(scope, @interface, path.Name);
                        }

                        if (@interface != null && CheckKey(items, @interface.QualifiedName!, verb, path.Offset, path.Length))
                        {
                            var item = new WitWorldInterfaceItem(@interface.QualifiedName!, @interface, false, external.Info.Stability, external.Info.Docs);
                            items.Add(item);
                            if (external.IsExport)
                            {
                                _exportLocations.Add(item, _source.Location(path.Offset, path.Length));
                            }

                        }

                        break;
                }
            }

            /// <summary>A plain import name must also differ from the world's own type names (they are imports too).</summary>
            private bool CheckPlainKey(List<WitWorldItem> items, bool isExport, Scope scope, AstName name, string verb)
            {
                if (!CheckKey(items, name.Text, verb, name.Offset, name.Length))
                {
                    return false;
                }

                if (!isExport && scope.Names.Contains(name.Text))
                {
                    _resolver.Report(WitDiagnosticDescriptors.WorldNameConflict, _source, name, _world.Name, verb, name.Text);
                    return false;
                }

                return true;
            }

            private bool CheckKey(List<WitWorldItem> items, string key, string verb, int offset, int length)
            {
                if (items.All(i => !string.Equals(i.Key, key, StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }

                _resolver.ReportAt(WitDiagnosticDescriptors.WorldNameConflict, _source, offset, length, _world.Name, verb, key);
                return false;
            }

            private void AddInclude(AstInclude include, Scope scope)
            {
                var included = _resolver.LookupWorld(include.Path, _source);
                if (included == null)
                {
                    return;
                }

                scope.ItemIsUnstable = _resolver._gates.Off(include.Info.Stability) != null;
                _resolver.CheckStableReference(scope, included, include.Path.Name);

                var renames = new Dictionary<string, string>();
                foreach (var rename in include.Renames)
                {
                    var exists = included.Imports.Concat(included.Exports).Any(i => i.Key == rename.Name.Text) || included.Types.Any(t => t.Name == rename.Name.Text);
                    if (!exists)
                    {
                        _resolver.Report(WitDiagnosticDescriptors.UnknownIncludeName, _source, rename.Name, included.Name, rename.Name.Text);
                        continue;
                    }

                    renames[rename.Name.Text] = rename.Alias!.Text;
                }

                Merge(included.Imports, _imports, "imports", include, renames);
                Merge(included.Exports, _exports, "exports", include, renames);

                // The included world's own types are imports too: their names must not clash with this world's imports or types.
                foreach (var type in included.Types)
                {
                    var key = renames.TryGetValue(type.Name, out var renamed) ? renamed : type.Name;
                    if (!scope.Names.Add(key) || _imports.Any(i => string.Equals(i.Key, key, StringComparison.OrdinalIgnoreCase)))
                    {
                        _resolver.ReportAt(WitDiagnosticDescriptors.WorldNameConflict, _source, include.Path.Offset, include.Path.Length, _world.Name, "imports", key);
                    }
                }
            }

            private void Merge(IReadOnlyList<WitWorldItem> from, List<WitWorldItem> into, string verb, AstInclude include, Dictionary<string, string> renames)
            {
                foreach (var item in from)
                {
                    if (item is WitWorldInterfaceItem interfaceItem && item.Key == interfaceItem.Interface.QualifiedName)
                    {
                        // An interface under its own name may come from several places; it is the same import or export.
                        if (into.All(i => i.Key != item.Key))
                        {
                            into.Add(item);
                        }

                        continue;
                    }

                    var key = renames.TryGetValue(item.Key, out var renamed) ? renamed : item.Key;
                    if (!CheckKey(into, key, verb, include.Path.Offset, include.Path.Length))
                    {
                        continue;
                    }

                    if (key == item.Key)
                    {
                        into.Add(item);
                    }
                    else if (item is WitWorldInterfaceItem inlineItem)
                    {
                        into.Add(new WitWorldInterfaceItem(key, inlineItem.Interface, false, item.Stability, item.Docs));
                    }
                    else
                    {
                        into.Add(new WitWorldFunctionItem(((WitWorldFunctionItem)item).Function, key));
                    }
                }
            }

            /// <summary>Adds the interfaces that <c>use</c> statements depend on as imports, before the items needing them (like wit-parser).</summary>
            private void Elaborate()
            {
                var exported = new HashSet<WitInterface>(_exports.OfType<WitWorldInterfaceItem>().Where(i => i.Key == i.Interface.QualifiedName).Select(i => i.Interface));

                var imports = new List<WitWorldItem>();
                var imported = new HashSet<WitInterface>();
                var visiting = new HashSet<WitInterface>();

                void AddImplicit(WitInterface @interface)
                {
                    if (imported.Contains(@interface) || !visiting.Add(@interface))
                    {
                        return;
                    }

                    foreach (var dependency in Dependencies(@interface))
                    {
                        AddImplicit(dependency);
                    }

                    imported.Add(@interface);
                    imports.Add(new WitWorldInterfaceItem(@interface.QualifiedName!, @interface, true, WitStability.Unknown, null));
                }

                foreach (var used in _usedInterfaces)
                {
                    AddImplicit(used);
                }

                foreach (var item in _imports)
                {
                    if (item is WitWorldInterfaceItem interfaceItem)
                    {
                        // Only an import under the interface's own name satisfies (or repeats) an implicit import; plain-named ones are separate instances.
                        var underOwnName = interfaceItem.Key == interfaceItem.Interface.QualifiedName;
                        if (underOwnName && imported.Contains(interfaceItem.Interface))
                        {
                            continue;
                        }

                        foreach (var dependency in Dependencies(interfaceItem.Interface))
                        {
                            AddImplicit(dependency);
                        }

                        if (underOwnName)
                        {
                            imported.Add(interfaceItem.Interface);
                        }
                    }

                    imports.Add(item);
                }

                AddExportDependencies(exported, imports, imported);

                _world.Imports = imports;
                _world.Exports = _exports;
            }

            /// <summary>
            /// Walks what each exported interface uses, the way wit-parser does: dependencies reached only through exported interfaces
            /// stay exports, anything reached through an imported interface must be imported. An interface needed both ways would give
            /// the export two copies of it (and of its resources), so that is an error.
            /// </summary>
            private void AddExportDependencies(HashSet<WitInterface> exported, List<WitWorldItem> imports, HashSet<WitInterface> imported)
            {
                var walkedExports = new HashSet<WitInterface>();
                var requiredImports = new HashSet<WitInterface>();

                bool Walk(WitInterface @interface, bool exportSide)
                {
                    if (walkedExports.Contains(@interface))
                    {
                        return exportSide;
                    }

                    if (!exportSide && requiredImports.Contains(@interface))
                    {
                        return true;
                    }

                    foreach (var dependency in Dependencies(@interface))
                    {
                        if (!Walk(dependency, exportSide && exported.Contains(dependency)))
                        {
                            return false;
                        }
                    }

                    if (exportSide)
                    {
                        if (requiredImports.Contains(@interface))
                        {
                            return false;
                        }

                        walkedExports.Add(@interface);
                    }
                    else
                    {
                        requiredImports.Add(@interface);
                        if (imported.Add(@interface))
                        {
                            imports.Add(new WitWorldInterfaceItem(@interface.QualifiedName!, @interface, true, WitStability.Unknown, null));
                        }
                    }

                    return true;
                }

                // Order matters (as in wit-parser): exports are walked in declaration order. Only exports under the interface's own
                // name keep a dependency on the export side; an interface exported under a plain name (or inline) is a separate instance.
                foreach (var item in _exports.OfType<WitWorldInterfaceItem>())
                {
                    var ok = item.Key == item.Interface.QualifiedName
                        ? Walk(item.Interface, true)
                        : Dependencies(item.Interface).All(dependency => Walk(dependency, exported.Contains(dependency))) && !requiredImports.Contains(item.Interface);
                    if (!ok)
                    {
                        var location = _exportLocations.TryGetValue(item, out var exportLocation) ? exportLocation : _world.Location;
                        _resolver._diagnostics.Add(WitDiagnosticDescriptors.IncompatibleExportDependencies.Create(location, item.Key));
                    }
                }
            }

            private static IEnumerable<WitInterface> Dependencies(WitInterface @interface) =>
                @interface.Types
                    .OfType<WitTypeAlias>()
                    .Where(a => a.IsUse && a.Target is WitTypeDefinition)
                    .Select(a => ((WitTypeDefinition)a.Target).Owner)
                    .OfType<WitInterface>()
                    .Where(i => i != @interface)
                    .Distinct();
        }
    }
}
