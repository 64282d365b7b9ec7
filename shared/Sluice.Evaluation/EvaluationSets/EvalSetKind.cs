namespace Sluice.Evaluation.EvaluationSets;

/// <summary>What an evaluation set holds and how it is scored; named in the file name, <c>evalsets/&lt;name&gt;.&lt;kind&gt;.jsonl</c>.</summary>
public enum EvalSetKind
{
    /// <summary><c>reference</c>: prompts with reference continuations, scored by BLEU and ROUGE of the model's generation.</summary>
    Reference,

    /// <summary><c>qa</c>: questions (with optional context) and their accepted answers, scored by SQuAD exact match and F1.</summary>
    QuestionAnswering,

    /// <summary><c>choice</c>: a query with choices and the gold index, scored by lm-evaluation-harness's acc and acc_norm.</summary>
    MultipleChoice,

    /// <summary><c>bias</c>: stereotyped and anti-stereotyped sentence pairs, scored by the CrowS-Pairs share.</summary>
    BiasPairs,
}
