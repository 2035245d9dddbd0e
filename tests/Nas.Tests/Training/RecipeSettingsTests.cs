using Nas.Search;
using Nas.Spaces;
using Nas.Tests.Data;
using Nas.Torch.Data;
using Nas.Torch.Final;
using Nas.Torch.Search;
using Nas.Torch.Training;

namespace Nas.Tests.Training;

public class RecipeSettingsTests
{
    private static SettingGroup FinalGroup => FinalTraining.Settings(SpaceTask.Image).Single(g => g.Name == "training");

    [Fact]
    public void Flips_keep_the_class_of_clothes_and_objects_not_of_digits()
    {
        Assert.True(DatasetCatalog.FlipsKeepClass("fashion-mnist"));
        Assert.True(DatasetCatalog.FlipsKeepClass("CIFAR10"));
        Assert.False(DatasetCatalog.FlipsKeepClass("mnist"));
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => DatasetCatalog.FlipsKeepClass("svhn")).ParamName);
    }

    [Theory]
    [InlineData("mnist", false)]
    [InlineData("fashion-mnist", true)]
    [InlineData("cifar10", true)]
    public void Unset_flips_follow_the_data_set_in_searches_and_in_nas_train(string dataset, bool flips)
    {
        var search = ImageTrainingSettings.Group.Read(null);
        var child = ImageTrainingSettings.Read(search, 1, dataset);
        Assert.Equal(flips, child.HorizontalFlip);
        Assert.False(child.TestTimeFlip); // a search child keeps its cheap evaluation
        Assert.Equal(flips, search.Boolean("flip")); // recorded as taken

        var final = ImageTrainingSettings.Read(FinalGroup.Read(null), 1, dataset);
        Assert.Equal((flips, flips), (final.HorizontalFlip, final.TestTimeFlip));
    }

    [Fact]
    public void A_flip_setting_given_wins_over_the_data_set()
    {
        var on = ImageTrainingSettings.Read(FinalGroup.Read(new() { ["flip"] = "true", ["tta"] = true }), 1, "mnist");
        Assert.True(on.HorizontalFlip && on.TestTimeFlip);
        var off = ImageTrainingSettings.Read(FinalGroup.Read(new() { ["flip"] = false, ["tta"] = "false" }), 1, "fashion-mnist");
        Assert.False(off.HorizontalFlip || off.TestTimeFlip);
        // Without a data set (methods that do not flip), unset flips are off.
        Assert.False(ImageTrainingSettings.Read(FinalGroup.Read(null), 1).HorizontalFlip);
    }

    [Fact]
    public void Search_children_keep_the_cheap_recipe_and_nas_train_gets_the_strong_one()
    {
        var child = ImageTrainingSettings.Read(ImageTrainingSettings.Group.Read(null), 1, "fashion-mnist");
        Assert.Equal((LearningRateSchedule.Cosine, 0.0, false, 0.0, 0.0), (child.Schedule, child.WarmupFraction, child.Nesterov, child.LabelSmoothing, child.EmaDecay));
        var final = ImageTrainingSettings.Read(FinalGroup.Read(null), 1, "fashion-mnist");
        Assert.True(final.Nesterov);
        Assert.Equal(0.1, final.LabelSmoothing);
        Assert.Equal(0.999, final.EmaDecay);
        Assert.True(final.TestTimeFlip);
        // One-cycle is a setting away.
        var oneCycle = ImageTrainingSettings.Read(FinalGroup.Read(new() { ["schedule"] = "one-cycle", ["warmup"] = "0.3" }), 1, "fashion-mnist");
        Assert.Equal((LearningRateSchedule.OneCycle, 0.3), (oneCycle.Schedule, oneCycle.WarmupFraction));
    }

    [Fact]
    public void Bad_recipe_settings_name_the_setting()
    {
        var schedule = Assert.Throws<SettingException>(() => FinalGroup.Read(new() { ["schedule"] = "step" }));
        Assert.Equal("training.schedule", schedule.Path);
        Assert.Equal("training.ema", Assert.Throws<SettingException>(() => FinalGroup.Read(new() { ["ema"] = 1.0 })).Path);
        Assert.Equal("training.label_smoothing", Assert.Throws<SettingException>(() => FinalGroup.Read(new() { ["label_smoothing"] = -0.1 })).Path);
        var nesterov = Assert.Throws<SettingException>(() => ImageTrainingSettings.Read(FinalGroup.Read(new() { ["momentum"] = 0.0 }), 1, "mnist"));
        Assert.Equal("training.nesterov", nesterov.Path);
    }

    [Fact]
    public void The_validation_split_is_a_tenth_of_the_training_set_at_most_5000_unless_given()
    {
        Assert.Equal(833, PreparedData.DefaultValidation(8334));
        Assert.Equal(5000, PreparedData.DefaultValidation(60000));
        Assert.Equal(1, PreparedData.DefaultValidation(7));

        using var dir = new TempDirectory();
        TestFiles.WriteMnistSet(dir.Path, trainCount: 8334, testCount: 3, gzip: false);
        var data = ImageDataSettings.Group.Read(new() { ["dataset"] = "mnist", ["directory"] = dir.Path });
        using (var automatic = ImageDataSettings.Load(data, "macro", seed: 1))
        {
            Assert.Equal((7501, 833), (automatic.Train.Count, automatic.Validation.Count));
            Assert.Equal(833, (int)ImageDataSettings.Facts(automatic)["validation_examples"]!);
        }
        var given = ImageDataSettings.Group.Read(new() { ["dataset"] = "mnist", ["directory"] = dir.Path, ["validation"] = "100" });
        using var explicitSplit = ImageDataSettings.Load(given, "macro", seed: 1);
        Assert.Equal(100, explicitSplit.Validation.Count);
    }
}
