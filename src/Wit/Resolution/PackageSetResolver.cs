using System;
using System.Collections.Generic;
using System.Linq;
using WitSharp.Wit.Syntax;

namespace WitSharp.Wit.Resolution
{
    /// <summary>Groups sources into packages, parses them, orders packages by dependency and resolves each.</summary>
    internal sealed class PackageSetResolver
    {
        private sealed class FileGroup
        {
            public FileGroup(string name, bool isDependency)
            {
                Name = name;
                IsDependency = isDependency;
            }

            public string Name { get; }
            public bool IsDependency { get; }
            public List<AstFile> Files { get; } = new List<AstFile>();
        }

        private readonly IReadOnlyList<WitSource> _sources;
        private readonly List<WitDiagnostic> _diagnostics = new List<WitDiagnostic>();
        private readonly List<PackageUnit> _units = new List<PackageUnit>();

        private readonly FeatureGates _gates;

        public PackageSetResolver(IReadOnlyList<WitSource> sources, FeatureGates gates)
        {
            _sources = sources;
            _gates = gates;
        }

        public WitResolution Resolve()
        {
            if (_sources.Count == 0)
            {
                _diagnostics.Add(WitDiagnosticDescriptors.NoSources.Create(null));
            }

            foreach (var group in GroupByPackage())
            {
                CreateUnits(group);
            }

            var ordered = OrderByDependencies();
            try
            {
                foreach (var unit in ordered)
                {
                    unit.Package = new PackageResolver(unit, FindPackage, _diagnostics, _gates).Resolve();
                }
            }
            catch (InsufficientExecutionStackException)
            {
                // Resolution recurses along alias and reference chains; absurdly long ones end here instead of crashing the host.
                _diagnostics.Add(WitDiagnosticDescriptors.TooComplex.Create(null));
            }

            var packages = ordered.Select(u => u.Package!).ToList();
            foreach (var package in packages.Where(p => p != null))
            {
                UnstableItems.Drop(package, _gates);
            }

            var roots = _units.Where(u => u.IsRoot && u.Package != null).Select(u => u.Package!).ToList();
            return new WitResolution(packages, roots, _diagnostics, _gates.Unused);
        }

        /// <summary>
        /// Files of one directory form a package; a file directly in a <c>deps</c> folder is a package by itself. A group is a dependency
        /// when it lies under the <c>deps/</c> folder of another group's directory (so a project that merely lives below some folder
        /// called "deps" is still a root).
        /// </summary>
        private List<FileGroup> GroupByPackage()
        {
            var groups = new List<FileGroup>();
            var byName = new Dictionary<string, FileGroup>(StringComparer.Ordinal);
            var directories = new HashSet<string>(StringComparer.Ordinal);
            var parsed = new List<(string GroupName, AstFile File)>();
            foreach (var source in _sources)
            {
                var path = source.Path.Replace('\\', '/');
                var slash = path.LastIndexOf('/');
                var directory = slash < 0 ? "" : path.Substring(0, slash);
                var isFileInDeps = directory == "deps" || directory.EndsWith("/deps", StringComparison.Ordinal);
                var groupName = isFileInDeps ? path : directory;
                if (!isFileInDeps)
                {
                    directories.Add(directory);
                }

                parsed.Add((groupName, Parser.Parse(new SourceText(source), _diagnostics)));
            }

            foreach (var (groupName, file) in parsed)
            {
                if (!byName.TryGetValue(groupName, out var group))
                {
                    var isDependency = directories.Any(d => d != groupName && groupName.StartsWith(d.Length == 0 ? "deps/" : d + "/deps/", StringComparison.Ordinal));
                    group = new FileGroup(groupName, isDependency);
                    byName.Add(groupName, group);
                    groups.Add(group);
                }

                group.Files.Add(file);
            }

            return groups;
        }

        private void CreateUnits(FileGroup group)
        {
            var isRoot = !group.IsDependency;
            var declaring = group.Files.Where(f => f.PackageName != null).ToList();
            if (declaring.Count == 0)
            {
                var nonEmpty = group.Files.FirstOrDefault(f => !f.IsEmpty);
                if (nonEmpty != null)
                {
                    _diagnostics.Add(WitDiagnosticDescriptors.MissingPackageDeclaration.Create(nonEmpty.Source.Location(0, 0), group.Name.Length == 0 ? "." : group.Name));
                }
            }
            else
            {
                var first = declaring[0];
                foreach (var other in declaring.Skip(1))
                {
                    if (other.PackageName!.ToString() != first.PackageName!.ToString())
                    {
                        _diagnostics.Add(WitDiagnosticDescriptors.ConflictingPackageDeclarations.Create(
                            other.Source.Location(other.PackageName.Offset, other.PackageName.Length), other.PackageName, first.PackageName));
                    }
                }

                var documented = declaring.Where(f => f.PackageDocs != null).ToList();
                foreach (var other in documented.Skip(1))
                {
                    _diagnostics.Add(WitDiagnosticDescriptors.MultiplePackageDocs.Create(
                        other.Source.Location(other.PackageName!.Offset, other.PackageName.Length), first.PackageName!));
                }

                var docs = documented.Select(f => f.PackageDocs).FirstOrDefault();
                var unit = new PackageUnit(first.PackageName!, first.Source, docs, isRoot);
                foreach (var file in group.Files)
                {
                    unit.Items.AddRange(file.Items.Select(i => new SourcedItem(i, file.Source)));
                    CheckVersionGates(unit.Name, file.VersionGates, file.Source);
                }

                AddUnit(unit);
            }

            foreach (var file in group.Files)
            {
                if (file.IsEmpty && declaring.Count == 0)
                {
                    _diagnostics.Add(WitDiagnosticDescriptors.EmptyFile.Create(file.Source.Location(0, 0)));
                }

                foreach (var nested in file.NestedPackages)
                {
                    var unit = new PackageUnit(nested.Name, file.Source, nested.Docs, isRoot);
                    CheckVersionGates(nested.Name, nested.VersionGates, file.Source);
                    unit.Items.AddRange(nested.Items.Select(i => new SourcedItem(i, file.Source)));
                    AddUnit(unit);
                }
            }
        }

        /// <summary><c>@since</c>/<c>@deprecated</c> name versions of the package, so the package must have one.</summary>
        private void CheckVersionGates(AstPackageName package, List<AstName> gates, SourceText source)
        {
            foreach (var gate in gates)
            {
                var location = source.Location(gate.Offset, gate.Length);
                if (package.Version == null)
                {
                    _diagnostics.Add(WitDiagnosticDescriptors.InvalidGate.Create(location, "package '" + package + "' has no version, so its items cannot use @since or @deprecated"));
                }
                else if (gate.Text.Length > 0 && SemanticVersion.Compare(gate.Text, package.Version) > 0)
                {
                    _diagnostics.Add(WitDiagnosticDescriptors.InvalidGate.Create(location, "@since(version = " + gate.Text + ") names a version newer than the package's own " + package.Version));
                }
            }
        }

        private void AddUnit(PackageUnit unit)
        {
            if (_units.Any(u => u.Key == unit.Key))
            {
                _diagnostics.Add(WitDiagnosticDescriptors.DuplicatePackage.Create(unit.NameSource.Location(unit.Name.Offset, unit.Name.Length), unit.Key));
                return;
            }

            _units.Add(unit);
        }

        /// <summary>Orders packages so that each comes after the packages it refers to; reports cycles.</summary>
        private List<PackageUnit> OrderByDependencies()
        {
            var ordered = new List<PackageUnit>();
            var state = new Dictionary<PackageUnit, bool>();
            var stack = new List<PackageUnit>();
            foreach (var unit in _units)
            {
                Visit(unit);
            }

            return ordered;

            void Visit(PackageUnit unit)
            {
                if (state.TryGetValue(unit, out var finished))
                {
                    if (!finished)
                    {
                        var cycle = stack.Skip(stack.IndexOf(unit)).Select(u => u.Key).Concat(new[] { unit.Key });
                        _diagnostics.Add(WitDiagnosticDescriptors.PackageCycle.Create(unit.NameSource.Location(unit.Name.Offset, unit.Name.Length), unit.Key, string.Join(" -> ", cycle)));
                    }

                    return;
                }

                state[unit] = false;
                stack.Add(unit);
                foreach (var path in ForeignPaths(unit))
                {
                    var dependency = FindUnit(path, out _);
                    if (dependency != null && dependency != unit)
                    {
                        Visit(dependency);
                    }
                }

                stack.RemoveAt(stack.Count - 1);
                state[unit] = true;
                ordered.Add(unit);
            }
        }

        private static IEnumerable<AstUsePath> ForeignPaths(PackageUnit unit)
        {
            foreach (var sourced in unit.Items)
            {
                switch (sourced.Item)
                {
                    case AstTopUse use:
                        yield return use.Path;
                        break;
                    case AstInterface @interface:
                        foreach (var path in MemberPaths(@interface.Members))
                        {
                            yield return path;
                        }

                        break;
                    case AstWorld world:
                        foreach (var path in MemberPaths(world.Members))
                        {
                            yield return path;
                        }

                        break;
                }
            }
        }

        private static IEnumerable<AstUsePath> MemberPaths(List<AstMember> members)
        {
            foreach (var member in members)
            {
                switch (member)
                {
                    case AstUse use:
                        yield return use.Path;
                        break;
                    case AstInclude include:
                        yield return include.Path;
                        break;
                    case AstWorldExtern external when external.Path != null:
                        yield return external.Path;
                        break;
                    case AstWorldExtern external when external.InlineMembers != null:
                        foreach (var path in MemberPaths(external.InlineMembers))
                        {
                            yield return path;
                        }

                        break;
                }
            }
        }

        private PackageUnit? FindUnit(AstUsePath path, out List<PackageUnit> sameName)
        {
            if (path.IsLocal)
            {
                sameName = new List<PackageUnit>();
                return null;
            }

            var ns = path.Namespace!.Text;
            var name = path.Package!.Text;
            sameName = _units.Where(u => u.Name.Namespace.Text == ns && u.Name.Name.Text == name).ToList();

            // Like wit-parser, a reference names a package exactly: a versioned package needs the version written.
            return sameName.FirstOrDefault(u => u.Name.Version == path.Version);
        }

        private WitPackage? FindPackage(AstUsePath path, SourceText source)
        {
            var unit = FindUnit(path, out var sameName);
            if (unit != null)
            {
                // Null while the package is part of a reported dependency cycle.
                return unit.Package;
            }

            var location = source.Location(path.Offset, path.Length);
            if (sameName.Count > 0)
            {
                var versions = string.Join(", ", sameName.Select(u => u.Name.Version ?? "(none)"));
                _diagnostics.Add(WitDiagnosticDescriptors.PackageMismatchInPath.Create(location, path.ToString(), path.PackageText, versions));
            }
            else
            {
                var known = _units.Select(u => u.Name.Namespace.Text + ":" + u.Name.Name.Text);
                _diagnostics.Add(WitDiagnosticDescriptors.UnknownPackage.Create(location, path.PackageText, NameHints.DidYouMean(path.Namespace!.Text + ":" + path.Package!.Text, known)));
            }

            return null;
        }
    }
}
