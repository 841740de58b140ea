using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace WitSharp.Analyzers.CodeFixes
{
    /// <summary>WSA0001: adds the granted capability to <c>[assembly: CapabilityAllowlist(...)]</c>, creating it if needed.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddToAllowlistCodeFix)), Shared]
    public sealed class AddToAllowlistCodeFix : CodeFixProvider
    {
        private const string AllowlistAttributeName = "global::WitSharp.HostRuntime.Capabilities.CapabilityAllowlist";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Diagnostics.CapabilityNotAllowed.Id);

        /// <inheritdoc />
        public override FixAllProvider? GetFixAllProvider() => null; // each fix widens the allowlist: decide one by one

        /// <inheritdoc />
        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(Diagnostics.CapabilityProperty, out string? capability) || capability == null)
                    continue;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Add '{capability}' to the capability allowlist",
                        token => AddAsync(context.Document, diagnostic, capability, token),
                        equivalenceKey: nameof(AddToAllowlistCodeFix) + capability),
                    diagnostic);
            }
            return Task.CompletedTask;
        }

        private static async Task<Solution> AddAsync(Document document, Diagnostic diagnostic, string capability, CancellationToken cancellationToken)
        {
            Solution solution = document.Project.Solution;
            LiteralExpressionSyntax literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(capability));
            Location? allowlist = diagnostic.AdditionalLocations.FirstOrDefault();
            Document? allowlistDocument = allowlist?.SourceTree == null ? null : solution.GetDocument(allowlist.SourceTree);
            if (allowlist != null && allowlistDocument != null)
            {
                SyntaxNode root = (await allowlistDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
                if (root.FindNode(allowlist.SourceSpan) is AttributeSyntax attribute)
                {
                    AttributeArgumentListSyntax arguments = attribute.ArgumentList ?? SyntaxFactory.AttributeArgumentList();
                    AttributeSyntax widened = attribute.WithArgumentList(arguments.AddArguments(SyntaxFactory.AttributeArgument(literal)));
                    return solution.WithDocumentSyntaxRoot(allowlistDocument.Id, root.ReplaceNode(attribute, widened));
                }
            }

            // No allowlist yet: declare one in the file of the grant.
            var compilationUnit = (CompilationUnitSyntax)(await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            AttributeListSyntax declaration = SyntaxFactory.AttributeList(
                    SyntaxFactory.AttributeTargetSpecifier(SyntaxFactory.Token(SyntaxKind.AssemblyKeyword)),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(
                        SyntaxFactory.ParseName(AllowlistAttributeName),
                        SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.AttributeArgument(literal))))))
                .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
            return solution.WithDocumentSyntaxRoot(document.Id, compilationUnit.AddAttributeLists(declaration));
        }
    }
}
