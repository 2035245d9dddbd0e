namespace Nas.Spaces;

/// <summary>What the networks of a space learn, which decides the data and the training they need.</summary>
public enum SpaceTask
{
    /// <summary>Image classification (IDX or CIFAR data; classifiers trained with SGD).</summary>
    Image,

    /// <summary>Language modelling (text data; recurrent cells trained by truncated back-propagation).</summary>
    Language,
}
