//! Following `Marker` through paged list actions (ListUsers, …).
//!
//! A paged action's input implements [`Paginated`] (generated from the
//! document: an action with a `Marker` parameter whose response has
//! `IsTruncated` and `Marker`); its builder's `into_paginator()` gives a
//! [`Paginator`] that streams pages or items, one request at a time, each
//! through the same signed, retried path as `send()`.

use futures::Stream;
use futures::stream::{self, TryStreamExt};

use crate::action::Action;
use crate::{Client, Error};

/// An action whose responses continue with a marker.
pub trait Paginated: Action + Clone + 'static {
    /// One element of a page.
    type Item: Send + 'static;

    /// Starts the next request where the previous page ended.
    fn set_marker(&mut self, marker: String);

    /// Where the next page starts; `None` on the last page.
    fn next_marker(output: &Self::Output) -> Option<String>;

    /// The page's elements.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}

/// Streams every page of a paged action. Nothing is sent until the stream
/// is polled; a failed page ends the stream with its error.
#[derive(Clone, Debug)]
#[must_use = "a paginator does nothing until its stream is polled"]
pub struct Paginator<I> {
    client: Client,
    input: I,
}

impl<I: Paginated> Paginator<I> {
    pub(crate) fn new(client: Client, input: I) -> Self {
        Self { client, input }
    }

    /// Every page, in order.
    pub fn pages(self) -> impl Stream<Item = Result<I::Output, Error>> + Send + 'static {
        let Self { client, input } = self;
        stream::try_unfold(Some(input), move |next| {
            let client = client.clone();
            async move {
                let Some(mut input) = next else {
                    return Ok(None);
                };
                let page = client.execute(&input).await?;
                let next = I::next_marker(&page).map(|marker| {
                    input.set_marker(marker);
                    input
                });
                Ok(Some((page, next)))
            }
        })
    }

    /// Every item of every page, in order.
    pub fn items(self) -> impl Stream<Item = Result<I::Item, Error>> + Send + 'static {
        self.pages()
            .map_ok(|page| stream::iter(I::into_items(page).into_iter().map(Ok)))
            .try_flatten()
    }
}
