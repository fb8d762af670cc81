//! 7.7 The famous architectures, as networks that run: LeNet-5 (1998), the Python book's
//! DeepConvNet (a small VGG), plain and residual stacks (ResNet's idea), and the layer lists of
//! AlexNet and VGG-16 for their tables. All are [`common::sequential::Sequential`] networks of
//! `common`'s layers.

pub mod builders;
pub mod deep_conv_net;
pub mod famous;
pub mod lenet;
pub mod receptive_field;
pub mod residual_nets;
