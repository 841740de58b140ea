using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace WitSharp.Analyzers
{
    /// <summary>
    /// Rules for host code implementing a generated imports interface (the generator marks each with
    /// <c>[WitSharp.WitImports]</c>: the world's <c>IImports</c> and one per imported interface): no blocking calls
    /// (WSA0003), no direct System.IO filesystem access (WSA0004).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ImportImplementationAnalyzer : DiagnosticAnalyzer
    {
        private const string WitImportsAttributeMetadataName = "WitSharp.WitImportsAttribute";

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Diagnostics.BlockingCallInImport,
            Diagnostics.DirectFileSystemInImport);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? marker = start.Compilation.GetTypeByMetadataName(WitImportsAttributeMetadataName);
                if (marker == null)
                    return; // the generator is not running here: no imports interfaces
                var importImplementations = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
                start.RegisterOperationAction(
                    c => Analyze(c, marker, importImplementations),
                    OperationKind.Invocation, OperationKind.PropertyReference, OperationKind.ObjectCreation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, INamedTypeSymbol marker, ConcurrentDictionary<ISymbol, bool> importImplementations)
        {
            ISymbol member = context.ContainingSymbol;
            if (!importImplementations.GetOrAdd(member, m => ImplementsImport(m, marker)))
                return;
            (ISymbol? target, string? blocking, string? fileSystem) = Classify(context.Operation);
            if (target == null)
                return;
            // `new FileInfo(p).FullName` is one use of the filesystem: report it once, at the receiver.
            (_, string? receiverBlocking, string? receiverFileSystem) = Classify(Receiver(context.Operation));
            if (receiverBlocking != null)
                blocking = null;
            if (receiverFileSystem != null)
                fileSystem = null;
            string implementation = member is IMethodSymbol { AssociatedSymbol: { } property } ? property.Name : member.Name;
            if (blocking != null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Diagnostics.BlockingCallInImport, context.Operation.Syntax.GetLocation(), implementation, blocking));
            }
            if (fileSystem != null)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Diagnostics.DirectFileSystemInImport, context.Operation.Syntax.GetLocation(), implementation, fileSystem));
            }
        }

        /// <summary>Whether <paramref name="member"/> implements a member of an interface marked <c>[WitImports]</c>.</summary>
        private static bool ImplementsImport(ISymbol member, INamedTypeSymbol marker)
        {
            INamedTypeSymbol? type = member.ContainingType;
            if (type == null || type.TypeKind == TypeKind.Interface)
                return false;
            foreach (INamedTypeSymbol implemented in type.AllInterfaces)
            {
                if (!implemented.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, marker)))
                    continue;
                foreach (ISymbol interfaceMember in implemented.GetMembers())
                {
                    if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMember), member))
                        return true;
                }
            }
            return false;
        }

        private static IOperation? Receiver(IOperation operation)
        {
            IOperation? instance = operation switch
            {
                IInvocationOperation invocation => invocation.Instance,
                IPropertyReferenceOperation property => property.Instance,
                _ => null,
            };
            while (instance is IConversionOperation conversion)
                instance = conversion.Operand;
            return instance;
        }

        /// <summary>The member an operation uses and, when it blocks or reaches the filesystem, how messages name it.</summary>
        private static (ISymbol? Target, string? Blocking, string? FileSystem) Classify(IOperation? operation)
        {
            ISymbol? target = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IPropertyReferenceOperation property => property.Property,
                IObjectCreationOperation creation => creation.Constructor,
                _ => null,
            };
            if (target?.ContainingType == null)
                return (null, null, null);
            INamedTypeSymbol type = target.ContainingType.OriginalDefinition;
            string typeName = type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None));
            string display = target is IMethodSymbol { MethodKind: MethodKind.Constructor } ? "new " + type.Name : type.Name + "." + target.Name;
            string? blocking = BlockingMembers.IsBlocking(type, typeName, target) ? display : null;
            string? fileSystem = FileSystemMembers.IsFileSystem(type, typeName, target) ? display : null;
            return (target, blocking, fileSystem);
        }
    }
}
