namespace KernelAgent.BuildFarm.Matrix;

/// <summary>A catalog, snapshot or audit document that cannot be read: the message names the document and the place.</summary>
internal sealed class MatrixDocumentException : Exception
{
    public MatrixDocumentException(string message)
        : base(message)
    {
    }

    public MatrixDocumentException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
