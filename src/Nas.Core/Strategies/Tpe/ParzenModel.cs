namespace Nas.Strategies.Tpe;

/// <summary>
/// A Parzen estimator over encoded architectures (<see cref="ArchitectureEncoding"/>), as TPE builds one for the good
/// and one for the bad trials. Each observed row is a kernel: on each item, its own state with weight 1 plus a prior
/// share spread over all states (Optuna's categorical kernel); a uniform prior kernel joins them with weight
/// <c>priorWeight</c>. Univariate: a product over items of per-item mixtures. Multivariate: one mixture of whole-row
/// kernels, so items that were good together stay together.
/// </summary>
internal sealed class ParzenModel
{
    private readonly ArchitectureEncoding _encoding;
    private readonly IReadOnlyList<int[]> _rows;
    private readonly double _priorWeight;
    private readonly double[][] _univariate;
    private readonly double _kernelShare;

    public ParzenModel(ArchitectureEncoding encoding, IReadOnlyList<int[]> rows, double priorWeight)
    {
        _encoding = encoding;
        _rows = rows;
        _priorWeight = priorWeight;
        _kernelShare = priorWeight / (rows.Count + 1);
        _univariate = new double[encoding.Count][];
        for (int item = 0; item < encoding.Count; item++)
        {
            int k = encoding.StatesOf(item);
            var observed = rows.Select(r => r[item]).Where(s => s >= 0).ToArray();
            double share = priorWeight / (observed.Length + 1), kernelTotal = 1 + k * share;
            var p = new double[k];
            for (int s = 0; s < k; s++) p[s] = priorWeight / k + observed.Length * share / kernelTotal;
            foreach (int s in observed) p[s] += 1 / kernelTotal;
            double total = observed.Length + priorWeight;
            for (int s = 0; s < k; s++) p[s] /= total;
            _univariate[item] = p;
        }
    }

    /// <summary>How many whole-row kernels (observed rows) the model has.</summary>
    public int Kernels => _rows.Count;

    /// <summary>The per-item mixture's probability of a state.</summary>
    public double Univariate(int item, int state) => _univariate[item][state];

    /// <summary>Kernel <paramref name="kernel"/>'s probability of a state of an item; uniform where that row lacks the item.</summary>
    public double Kernel(int kernel, int item, int state)
    {
        int k = _encoding.StatesOf(item), observed = _rows[kernel][item];
        if (observed < 0) return 1.0 / k;
        return ((state == observed ? 1 : 0) + _kernelShare) / (1 + k * _kernelShare);
    }

    /// <summary>Draws a kernel for a multivariate sample: each row with weight 1, the prior (returned as -1) with the prior weight.</summary>
    public int DrawKernel(Random random)
    {
        double u = random.NextDouble() * (_rows.Count + _priorWeight);
        return u < _rows.Count ? Math.Min((int)u, _rows.Count - 1) : -1;
    }

    /// <summary>The log density of a row; items where the row has no state (-1) are left out.</summary>
    public double LogDensity(int[] row, bool multivariate)
    {
        if (!multivariate)
        {
            double sum = 0;
            for (int item = 0; item < row.Length; item++)
                if (row[item] >= 0) sum += Math.Log(_univariate[item][row[item]]);
            return sum;
        }
        // log of (sum over kernels of the product over items, plus the prior's product) / (rows + prior weight), by log-sum-exp.
        var terms = new double[_rows.Count + 1];
        double prior = Math.Log(_priorWeight);
        for (int item = 0; item < row.Length; item++)
            if (row[item] >= 0) prior -= Math.Log(_encoding.StatesOf(item));
        terms[_rows.Count] = prior;
        for (int kernel = 0; kernel < _rows.Count; kernel++)
        {
            double sum = 0;
            for (int item = 0; item < row.Length; item++)
                if (row[item] >= 0) sum += Math.Log(Kernel(kernel, item, row[item]));
            terms[kernel] = sum;
        }
        double max = terms.Max();
        return max + Math.Log(terms.Sum(t => Math.Exp(t - max))) - Math.Log(_rows.Count + _priorWeight);
    }
}
